using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Hosting;

public sealed class CertificateTests
{
    [Fact]
    public async Task Server_certificate_is_issued_by_the_local_CA_for_the_loopback_names()
    {
        await using var server = await SwitchboardServer.StartAsync(seed: "");
        X509Certificate2? presented = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    presented = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
                    return true;
                },
            },
        };
        using var http = new HttpClient(handler);
        await http.GetAsync(server.Origin + "/common/discovery/instance");

        Assert.NotNull(presented);
        Assert.Equal(server.Authority.Subject, presented.Issuer);
        var names = presented.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains(names.EnumerateIPAddresses(), a => a.ToString() == "127.0.0.1");
        Assert.Contains(names.EnumerateIPAddresses(), a => a.ToString() == "::1");
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "tls", "ca.pem")));
        Assert.DoesNotContain("PRIVATE KEY", await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "tls", "ca.pem")), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(server.DataDirectory, "tls", "ca.key.pem")));
        }
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Switchboard.Hosting;

/// <summary>
/// The local certificate authority and the server certificate it issues. MSAL and the Azure SDKs
/// refuse plain http for bearer tokens, so the server speaks HTTPS from the first start: a CA is made
/// once in the data folder and clients are told to trust it (README: "Trusting the local CA").
/// </summary>
internal sealed class DevCertificates
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "::1"];

    private DevCertificates(X509Certificate2 authority, X509Certificate2 server, string authorityPath, string serverPath)
    {
        Authority = authority;
        Server = server;
        AuthorityPath = authorityPath;
        ServerPath = serverPath;
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    /// <summary>PEM of the CA: what NODE_EXTRA_CA_CERTS, SSL_CERT_FILE or a browser should trust.</summary>
    public string AuthorityPath { get; }

    public string ServerPath { get; }

    public static DevCertificates LoadOrCreate(string directory, IEnumerable<string> extraNames, TimeProvider time)
    {
        System.IO.Directory.CreateDirectory(directory);
        var caPath = Path.Combine(directory, "ca.pem");
        var caKeyPath = Path.Combine(directory, "ca.key.pem");
        var serverPath = Path.Combine(directory, "server.pem");
        var serverKeyPath = Path.Combine(directory, "server.key.pem");
        var now = time.GetUtcNow();
        var names = LoopbackNames.Concat(extraNames).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

        var authority = TryLoad(caPath, caKeyPath, now);
        if (authority is null)
        {
            authority = CreateAuthority(now);
            WritePem(caPath, authority.ExportCertificatePem());
            WritePem(caKeyPath, authority.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem(), secret: true);
        }

        var server = TryLoad(serverPath, serverKeyPath, now);
        if (server is null || !IssuedBy(server, authority) || !Covers(server, names))
        {
            server = CreateServer(authority, names, now);
            WritePem(serverPath, server.ExportCertificatePem());
            WritePem(serverKeyPath, server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem(), secret: true);
        }

        return new DevCertificates(authority, server, caPath, serverPath);
    }

    private static X509Certificate2? TryLoad(string certPath, string keyPath, DateTimeOffset now)
    {
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            return null;
        }

        try
        {
            var cert = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            return cert.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore ? cert : null;
        }
        catch (CryptographicException)
        {
            // A damaged file is replaced rather than stopping the server.
            return null;
        }
    }

    private static X509Certificate2 CreateAuthority(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(
            $"CN=Switchboard Local CA {now:yyyy-MM-dd}, O=Switchboard development", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    private static X509Certificate2 CreateServer(X509Certificate2 authority, string[] names, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        // Browsers cap leaf lifetimes; a year, renewed 30 days before it ends, stays inside every limit.
        using var issued = request.Create(authority, now.AddDays(-1), now.AddDays(365), serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static bool IssuedBy(X509Certificate2 server, X509Certificate2 authority)
        => string.Equals(server.Issuer, authority.Subject, StringComparison.Ordinal);

    private static bool Covers(X509Certificate2 server, string[] names)
    {
        var ext = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (ext is null)
        {
            return false;
        }

        var present = ext.EnumerateDnsNames().Concat(ext.EnumerateIPAddresses().Select(a => a.ToString())).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return names.All(n => present.Contains(IPAddress.TryParse(n, out var a) ? a.ToString() : n));
    }

    private static void WritePem(string path, string pem, bool secret = false)
    {
        // A final newline lets several CA files be concatenated into one bundle (NODE_EXTRA_CA_CERTS).
        File.WriteAllText(path, pem.EndsWith('\n') ? pem : pem + "\n");
        if (secret && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}

using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Switchboard.Bench;

/// <summary>
/// HTTPS clients that trust exactly the server's local CA (<c>{data}/tls/ca.pem</c>): the chain is
/// built against that one root and the host name must match, as for any real client.
/// </summary>
internal static class BenchHttp
{
    /// <summary>
    /// A keep-alive HTTP/1.1 client. Each of the benchmark's concurrent workers sends one request at a
    /// time, so <paramref name="connections"/> workers end up on as many pooled connections.
    /// </summary>
    public static HttpClient Create(Uri baseAddress, string caPath, int connections, TimeSpan timeout)
    {
        var ca = new Lazy<X509Certificate2>(() => X509Certificate2.CreateFromPem(File.ReadAllText(caPath)), LazyThreadSafetyMode.ExecutionAndPublication);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(ca.Value, certificate, errors),
            },
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = timeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>The same check as a callback, for connections that are not made by <see cref="Create"/> (the chat bench's WebSockets).</summary>
    public static RemoteCertificateValidationCallback Trust(string caPath)
    {
        var ca = new Lazy<X509Certificate2>(() => X509Certificate2.CreateFromPem(File.ReadAllText(caPath)), LazyThreadSafetyMode.ExecutionAndPublication);
        return (_, certificate, _, errors) => Validate(ca.Value, certificate, errors);
    }

    private static bool Validate(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        // Only "untrusted root" may be overridden, and only by a chain to our CA; a wrong name never passes.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a local CA publishes no CRL
        return chain.Build(leaf);
    }
}

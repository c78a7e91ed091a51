using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;
using Switchboard.Hosting;

namespace Switchboard.Tests.Infrastructure;

/// <summary>
/// The real server on Kestrel with HTTPS on a free loopback port, its own data folder and a seed.
/// Clients trust its local CA the proper way (custom root trust), never by turning checks off.
/// </summary>
public sealed class SwitchboardServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SwitchboardServer(WebApplication app, string dataDirectory, string origin, CapturedLogs logs)
    {
        this.app = app;
        DataDirectory = dataDirectory;
        Origin = origin;
        Logs = logs;
        Authority = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(dataDirectory, "tls", "ca.pem"));
    }

    public static string TestSeedPath => Path.Combine(AppContext.BaseDirectory, "test-seed.json");

    public string Origin { get; }

    public string DataDirectory { get; }

    public X509Certificate2 Authority { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => app.Services;

    public static string NewDataDirectory() => System.IO.Directory.CreateTempSubdirectory("switchboard-test-").FullName;

    /// <summary>Starts a server. <paramref name="settings"/> are extra <c>--Key=Value</c> configuration.</summary>
    public static async Task<SwitchboardServer> StartAsync(
        string? dataDirectory = null,
        string? seed = null,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        dataDirectory ??= NewDataDirectory();
        // An empty seed means the built-in demo directory: then no --seed at all, as a user would start it.
        var args = new List<string> { "--data", dataDirectory, "--urls", "https://127.0.0.1:0" };
        if (seed != "")
        {
            args.AddRange(["--seed", seed ?? TestSeedPath]);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args.Add($"--{key}={value}");
        }

        var logs = new CapturedLogs();
        var app = SwitchboardApp.Build([.. args], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug);
            configure?.Invoke(builder);
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SwitchboardServer(app, dataDirectory, address.TrimEnd('/'), logs);
    }

    public HttpMessageHandler CreateHandler(System.Net.CookieContainer? cookies = null) => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new System.Net.CookieContainer(),
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TrustOurAuthority },
    };

    public HttpClient CreateClient(System.Net.CookieContainer? cookies = null)
        => new(CreateHandler(cookies)) { BaseAddress = new Uri(Origin + "/"), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>For MSAL.NET: <c>WithHttpClientFactory</c> with a client that trusts the server's CA.</summary>
    public IMsalHttpClientFactory MsalHttpClientFactory => new MsalClientFactory(this);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private bool TrustOurAuthority(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => Trusts(certificate, errors);

    /// <summary>Whether a server certificate chains to this server's CA (for clients that take a validation callback).</summary>
    public bool Trusts(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(Authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf) && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
    }

    private sealed class MsalClientFactory(SwitchboardServer server) : IMsalHttpClientFactory
    {
        private readonly HttpClient client = new(server.CreateHandler()) { Timeout = TimeSpan.FromSeconds(60) };

        public HttpClient GetHttpClient() => client;
    }
}

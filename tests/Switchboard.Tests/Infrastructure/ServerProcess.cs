using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Switchboard.Tests.Infrastructure;

/// <summary>
/// Switchboard as a separate process (<c>dotnet Switchboard.dll</c>), for what an in-process host
/// cannot show: being killed with SIGKILL.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServerProcess(Process process, string origin, string data)
    {
        this.process = process;
        Origin = origin;
        DataDirectory = data;
    }

    public string Origin { get; }

    public string DataDirectory { get; }

    public static async Task<ServerProcess> StartAsync(string data)
    {
        var port = FreePort();
        var origin = $"https://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Switchboard.dll"), "--data", data, "--seed", SwitchboardServer.TestSeedPath, "--urls", origin },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, origin, data);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode} while starting.");
            }

            try
            {
                using var http = server.CreateClient();
                using var response = await http.GetAsync("common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Security.Authentication.AuthenticationException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await server.DisposeAsync();
        throw new TimeoutException("The server did not answer within 90 seconds.");
    }

    public HttpClient CreateClient()
    {
        var caPath = Path.Combine(DataDirectory, "tls", "ca.pem");
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null || !File.Exists(caPath))
                    {
                        return false;
                    }

                    using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(Origin + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush; what was committed must be on disk.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

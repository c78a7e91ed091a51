using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Switchboard.Hosting;

namespace Switchboard.Calling.Sfu;

/// <summary>
/// Launch mode: runs Janus from a configuration folder under the data folder (<c>&lt;data&gt;/janus</c>),
/// waits until its API answers, restarts it when it dies and stops it with the server. Janus listens on
/// 127.0.0.1 only; the API secret and admin key are generated per server run unless configured.
/// </summary>
internal sealed class JanusLauncher(
    JanusConnection connection,
    IHttpClientFactory httpClients,
    IOptions<CallingOptions> options,
    IOptions<SwitchboardOptions> host,
    ILogger<JanusLauncher> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);

    private readonly JanusOptions settings = options.Value.Janus;
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource firstStart = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task running = Task.CompletedTask;
    private Process? process;
    private int disposed;

    /// <summary>The running Janus process's id (tests kill it to check the restart).</summary>
    public int? ProcessId => process is { HasExited: false } p ? p.Id : null;

    public string Folder => host.Value.DataPath("janus");

    /// <summary>Starts Janus and waits (up to the start timeout) until it answers, so a started server has its SFU.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Mode != JanusMode.Launch)
        {
            return;
        }

        running = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        try
        {
            await firstStart.Task.WaitAsync(settings.StartTimeout + TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (TimeoutException)
        {
            // Logged by the loop; the server runs without an SFU until Janus comes up.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        Kill();
        await running.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as a hosted service: the container disposes it twice.
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await stopping.CancelAsync();
            Kill();
            stopping.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var apiSecret = string.IsNullOrEmpty(settings.ApiSecret) ? RandomNumberGenerator.GetHexString(48, lowercase: true) : settings.ApiSecret;
        var adminKey = string.IsNullOrEmpty(settings.AdminKey) ? RandomNumberGenerator.GetHexString(48, lowercase: true) : settings.AdminKey;
        var quickFailures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var ran = Stopwatch.StartNew();
            try
            {
                await RunOnceAsync(apiSecret, adminKey, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Log.JanusStartFailed(logger, settings.Executable, e);
                firstStart.TrySetResult();
            }

            connection.Down();
            Kill();

            // A Janus that keeps dying at once (bad binary, broken config) is retried ever more slowly, up to 30 s.
            quickFailures = ran.Elapsed < TimeSpan.FromSeconds(10) ? quickFailures + 1 : 0;
            var delay = TimeSpan.FromTicks(Math.Min(RestartDelay.Ticks << Math.Clamp(quickFailures - 1, 0, 5), MaxRestartDelay.Ticks));
            await Task.Delay(delay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        connection.Down();
    }

    private async Task RunOnceAsync(string apiSecret, string adminKey, CancellationToken cancellationToken)
    {
        var library = JanusConfigFiles.FindLibraryFolder(settings.LibraryFolder)
            ?? throw new InvalidOperationException("Janus's plugin folder (…/janus/plugins/libjanus_videoroom.so) was not found; set Calling:Janus:LibraryFolder.");
        var port = FreePort();
        var logFile = Path.Combine(Folder, "janus.log");
        JanusConfigFiles.Write(Folder, library, port, apiSecret, adminKey, settings);
        var start = new ProcessStartInfo(settings.Executable)
        {
            ArgumentList = { "-F", Folder, "-o", "-N", "-L", logFile },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var started = Process.Start(start) ?? throw new InvalidOperationException("Janus did not start.");
        process = started;
        started.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { Log.JanusOutput(logger, line); } };
        started.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { Log.JanusOutput(logger, line); } };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();

        var api = new Uri($"http://127.0.0.1:{port}/janus/");
        if (!await WaitReadyAsync(api, started, cancellationToken))
        {
            Log.JanusNotReady(logger, settings.StartTimeout, logFile);
            firstStart.TrySetResult();
            return;
        }

        connection.Up(new JanusInstance(api, apiSecret, adminKey));
        Log.JanusStarted(logger, started.Id, port);
        firstStart.TrySetResult();
        await started.WaitForExitAsync(cancellationToken);
        connection.Down();
        Log.JanusExited(logger, started.Id, started.ExitCode);
    }

    private async Task<bool> WaitReadyAsync(Uri api, Process started, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(JanusSession.HttpClientName);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < settings.StartTimeout && !started.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(api, "info"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        return false;
    }

    private void Kill()
    {
        try
        {
            if (process is { HasExited: false } running)
            {
                running.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

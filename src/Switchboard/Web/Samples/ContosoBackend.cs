using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Switchboard.Communication;
using Switchboard.Hosting;

namespace Switchboard.Web.Samples;

/// <summary>
/// Runs the Contoso sample's back end (node, <c>samples/contoso/server/server.mjs</c>) as a child process
/// with its configuration in the environment, restarts it when it exits, and stops it with the server.
/// Part of the sample's host, not of the platform: the back end gets only what any customer server has
/// (its connection string, its client id, the server's public URL and the CA to trust).
/// </summary>
internal sealed partial class ContosoBackend(
    IOptions<ContosoSampleOptions> options,
    IOptions<SwitchboardOptions> host,
    IServer server,
    IHostApplicationLifetime lifetime,
    IServiceProvider services,
    ILogger<ContosoBackend> logger) : BackgroundService
{
    private volatile string? address;
    private int processId;

    /// <summary>Where the back end listens once it said so, e.g. <c>http://127.0.0.1:41234/</c>; null while it is not running.</summary>
    public string? Address => address;

    /// <summary>The running back end's process id, 0 when none (for tests and diagnostics).</summary>
    public int ProcessId => Volatile.Read(ref processId);

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "samples", "contoso", "server", "server.mjs");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        if (!File.Exists(ScriptPath))
        {
            LogNoScript(logger, ScriptPath);
            return;
        }

        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        var origin = Origin();
        var connectionString = settings.ConnectionString;
        if (string.IsNullOrEmpty(connectionString))
        {
            var key = await services.GetRequiredService<IAcsResourceKeys>().FindPrimaryKeyAsync(settings.ResourceName, stoppingToken);
            if (key is null)
            {
                LogNoResource(logger, settings.ResourceName);
                return;
            }

            connectionString = $"endpoint={origin}/;accesskey={key}";
        }

        var port = settings.Port == 0 ? FreePort() : settings.Port;
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunOnceAsync(settings, origin, connectionString, port, stoppingToken);
            if (!stoppingToken.IsCancellationRequested)
            {
                LogRestarting(logger, settings.RestartDelay.TotalSeconds);
                await Task.Delay(settings.RestartDelay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RunOnceAsync(ContosoSampleOptions settings, string origin, string connectionString, int port, CancellationToken stoppingToken)
    {
        var start = new ProcessStartInfo(settings.NodePath, [ScriptPath])
        {
            WorkingDirectory = Path.GetDirectoryName(ScriptPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["HOST"] = "127.0.0.1";
        start.Environment["SWITCHBOARD_URL"] = origin;
        start.Environment["CONTOSO_CLIENT_ID"] = settings.ClientId;
        start.Environment["CONTOSO_CONNECTION_STRING"] = connectionString;
        start.Environment["NODE_EXTRA_CA_CERTS"] = host.Value.DataPath("tls", "ca.pem");

        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var listening = $"http://127.0.0.1:{port}/";
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            // The back end prints one line when it listens; the forwarder starts sending then.
            if (line.Data.Contains("listening", StringComparison.OrdinalIgnoreCase))
            {
                address = listening;
            }

            LogOutput(logger, line.Data);
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                LogError(logger, line.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            LogCannotStart(logger, settings.NodePath, e.Message);
            await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        Volatile.Write(ref processId, process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        LogStarted(logger, process.Id, listening);
        try
        {
            await process.WaitForExitAsync(stoppingToken);
            LogExited(logger, process.ExitCode);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited on its own meanwhile.
            }

            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            address = null;
            Volatile.Write(ref processId, 0);
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The server's own origin as a client reaches it: the public origin, else its first HTTPS address.</summary>
    private string Origin()
    {
        if (!string.IsNullOrEmpty(host.Value.PublicOrigin))
        {
            return host.Value.PublicOrigin.TrimEnd('/');
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault() ?? SwitchboardApp.DefaultUrls;
        var uri = new UriBuilder(chosen.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contoso sample back end: not built ({Path} is missing); /samples/contoso/api is unavailable.")]
    private static partial void LogNoScript(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contoso sample back end: no Samples:Contoso:ConnectionString and no communication resource named '{Name}' in the seed; not started.")]
    private static partial void LogNoResource(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Contoso sample back end: cannot start '{NodePath}': {Reason}. Set Samples:Contoso:NodePath or Samples:Contoso:Enabled=false.")]
    private static partial void LogCannotStart(ILogger logger, string nodePath, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contoso sample back end started (process {ProcessId}, {Address}).")]
    private static partial void LogStarted(ILogger logger, int processId, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contoso sample back end exited with code {ExitCode}.")]
    private static partial void LogExited(ILogger logger, int exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contoso sample back end: restarting in {Seconds} s.")]
    private static partial void LogRestarting(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "contoso-sample: {Line}")]
    private static partial void LogOutput(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "contoso-sample: {Line}")]
    private static partial void LogError(ILogger logger, string line);
}

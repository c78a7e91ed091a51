using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Switchboard.Bench;

/// <summary>
/// The built server, run the way users run it: <c>dotnet Switchboard.dll --data DIR [--seed FILE]
/// --urls https://127.0.0.1:PORT</c>, in its own process. Stopped with SIGTERM (graceful), then
/// killed by its process id if it does not exit.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly Process process;
    private readonly long launchedAt;
    private readonly ConcurrentQueue<(TimeSpan At, string Line)> output = new();
    private readonly TaskCompletionSource<TimeSpan> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static ServerProcess()
    {
        // Whatever happens to the benchmark, no server it started outlives it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private ServerProcess(Process process, long launchedAt, string dataDirectory, Uri baseAddress)
    {
        this.process = process;
        this.launchedAt = launchedAt;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public int Pid => process.Id;

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public string CaPath => Path.Combine(DataDirectory, "tls", "ca.pem");

    /// <summary>From launch to the "Application started" log line (Kestrel listening, start-up tasks done).</summary>
    public Task<TimeSpan> Started => started.Task;

    public long ResidentBytes => ProcStats.StatusBytes(Pid, "VmRSS");

    public long PeakResidentBytes => ProcStats.StatusBytes(Pid, "VmHWM");

    public TimeSpan SinceLaunch => Stopwatch.GetElapsedTime(launchedAt);

    public static ServerProcess Start(string serverDll, string dataDirectory, string? seed, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(serverDll))
        {
            throw new InvalidOperationException(
                $"The server is not built at {serverDll}. Run `dotnet build src/Switchboard -c Release` (or run the bench with -c Release, which builds it).");
        }

        var port = FreePort();
        var url = $"https://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        info.ArgumentList.Add(serverDll);
        info.ArgumentList.Add("--data");
        info.ArgumentList.Add(dataDirectory);
        if (seed is not null)
        {
            info.ArgumentList.Add("--seed");
            info.ArgumentList.Add(seed);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url);

        // Production defaults, as a user's shell would have them: no inherited environment overrides.
        foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "DOTNET_URLS" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var launchedAt = Stopwatch.GetTimestamp();
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }

        Running[process.Id] = process;
        var server = new ServerProcess(process, launchedAt, dataDirectory, new Uri(url + "/"));
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server.started.TrySetException(new InvalidOperationException(
            $"The server exited with code {process.ExitCode} before it started.{Environment.NewLine}{server.RecentOutput()}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Polls <c>GET /common/discovery/instance</c> until it answers 200 and returns the time since launch.
    /// A fresh connection each try: the server is new, and so is its certificate on a first start.
    /// </summary>
    public async Task<TimeSpan> WaitForFirstAnswerAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        Exception? last = null;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {process.ExitCode}.{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                using var client = BenchHttp.Create(BaseAddress, CaPath, 1, TimeSpan.FromSeconds(5));
                using var response = await client.GetAsync("common/discovery/instance");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return SinceLaunch;
                }

                last = new HttpRequestException($"HTTP {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                last = e; // not listening yet
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"No answer from {BaseAddress} within {timeout.TotalSeconds} s: {last?.Message}{Environment.NewLine}{RecentOutput()}");
    }

    public string RecentOutput() => string.Join(Environment.NewLine, output.TakeLast(40).Select(o => o.Line));

    /// <summary>The server's output lines (the last 5,000) with when each arrived, counted from launch.</summary>
    public IReadOnlyList<(TimeSpan At, string Line)> Output => output.ToArray();


    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            Running.TryRemove(process.Id, out _);
            return;
        }

        _ = SendSignal(process.Id, SigTerm);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }

        Running.TryRemove(process.Id, out _);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue((SinceLaunch, line));
        while (output.Count > 5000)
        {
            output.TryDequeue(out _);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            started.TrySetResult(SinceLaunch);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void KillAll()
    {
        foreach (var (pid, process) in Running)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: false);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            Running.TryRemove(pid, out _);
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}

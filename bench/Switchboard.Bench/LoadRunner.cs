using System.Diagnostics;

namespace Switchboard.Bench;

/// <summary>One concurrent client: sends one request at a time; returns null on success, else what went wrong.</summary>
internal interface ILoadWorker
{
    Task<string?> SendAsync();
}

/// <summary>A throughput run over HTTPS: the rate, its latencies, and who used the CPU meanwhile.</summary>
internal sealed record LoadResult(string Name, int Clients, WindowRate Rate, CpuUsage Cpu, string? FirstError)
{
    public double PerSecond => Rate.PerSecond;

    /// <summary>Server CPU per successful request.</summary>
    public double ServerCpuMs => Per(Cpu.ServerSeconds);

    /// <summary>This process's CPU (the HTTPS clients: TLS, request building, response parsing) per request.</summary>
    public double ClientCpuMs => Per(Cpu.ClientSeconds);

    /// <summary>What the server alone could do if it had every core: cores ÷ server CPU per request.</summary>
    public double ServerOnlyPerSecond => ServerCpuMs > 0 ? Cpu.Cores * 1000 / ServerCpuMs : double.NaN;

    private double Per(double seconds) => Rate.PerSecond > 0 ? seconds * 1000 / (Rate.PerSecond * Cpu.WallSeconds) : double.NaN;

    /// <summary>Several measured windows as one: time-weighted mean rate, all latencies, summed CPU.</summary>
    public static LoadResult Combine(string name, IReadOnlyList<LoadResult> parts)
    {
        var cpu = CpuUsage.Sum(parts.Select(p => p.Cpu));
        var rate = cpu.WallSeconds > 0 ? parts.Sum(p => p.PerSecond * p.Cpu.WallSeconds) / cpu.WallSeconds : 0;
        var latencies = parts.SelectMany(p => p.Rate.Latencies).Order().ToList();
        return new LoadResult(
            name,
            parts[0].Clients,
            new WindowRate(rate, parts.Sum(p => p.Rate.Operations), parts.Sum(p => p.Rate.Failures), latencies),
            cpu,
            parts.Select(p => p.FirstError).FirstOrDefault(e => e is not null));
    }
}

/// <summary>One round of a paired measurement: the in-process baseline and the HTTP load, back to back.</summary>
internal sealed record PairedRound(BaselineResult Baseline, LoadResult Load, double BaselinePerGrant)
{
    /// <summary>The baseline expressed in grants per second (e.g. signatures per second ÷ signatures per grant).</summary>
    public double CeilingPerSecond => Baseline.PerSecond / BaselinePerGrant;

    public double Ratio => Load.PerSecond / CeilingPerSecond;
}

/// <summary>
/// Grant throughput measured in rounds that alternate with its baseline (B L, L B, B L, …), so both
/// see the same background noise. The headline ratio is the median of the per-round ratios.
/// </summary>
internal sealed record PairedResult(string Name, string BaselineName, double BaselinePerGrant, IReadOnlyList<PairedRound> Rounds, TimeSpan Warmup)
{
    public double MedianRatio => RateEstimator.Median(Rounds.Select(r => r.Ratio));

    public double MedianPerSecond => RateEstimator.Median(Rounds.Select(r => r.Load.PerSecond));

    public double MedianCeilingPerSecond => RateEstimator.Median(Rounds.Select(r => r.CeilingPerSecond));

    public double MedianBaselinePerSecond => RateEstimator.Median(Rounds.Select(r => r.Baseline.PerSecond));

    public LoadResult Load => LoadResult.Combine(Name, Rounds.Select(r => r.Load).ToList());

    public BaselineResult Baseline => BaselineResult.Combine(BaselineName, Rounds.Select(r => r.Baseline).ToList());
}

/// <summary>
/// Closed-loop load: N workers, each with its own keep-alive connection, send back to back through a
/// warm-up (discarded) and a fixed measured window, then finish their request in flight and stop.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(string name, ServerProcess server, IReadOnlyList<ILoadWorker> workers, TimeSpan warmup, TimeSpan duration)
    {
        var logs = workers.Select(_ => new OperationLog()).ToArray();
        string? firstError = null;
        var stopping = 0;
        var tasks = workers.Select((worker, i) => Task.Run(async () =>
        {
            var log = logs[i];
            while (Volatile.Read(ref stopping) == 0)
            {
                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    error = await worker.SendAsync();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    error = e.GetType().Name + ": " + e.Message;
                }

                log.Add(start, Stopwatch.GetTimestamp(), error is null);
                if (error is not null)
                {
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        })).ToArray();

        await Task.Delay(warmup);
        var before = CpuSnapshot.Take(server.Pid);
        await Task.Delay(duration);
        var after = CpuSnapshot.Take(server.Pid);
        Volatile.Write(ref stopping, 1);
        await Task.WhenAll(tasks);

        var rate = RateEstimator.Measure(logs, before.Timestamp, after.Timestamp);
        return new LoadResult(name, workers.Count, rate, after - before, firstError);
    }

    /// <summary>
    /// A warm-up, then <see cref="BenchOptions.Rounds"/> rounds of baseline + load (order alternating),
    /// the load's measured time split evenly over the rounds. The workers keep their state (connections,
    /// refresh chains) from round to round.
    /// </summary>
    public static async Task<PairedResult> RunPairedAsync(
        string name, ServerProcess server, IReadOnlyList<ILoadWorker> workers, string baselineName, Func<BaselineResult> baseline, double baselinePerGrant, BenchOptions options, Action<string> progress, bool settle = true)
    {
        progress($"{name}: {workers.Count} clients; warm-up until the rate settles ({options.Warmup.TotalSeconds:0.#}–{options.MaxWarmup.TotalSeconds:0.#} s), then {options.Rounds} rounds of {baselineName} {options.BaselineDuration.TotalSeconds:0.#} s + load {options.Duration.TotalSeconds / options.Rounds:0.#} s");
        var warmup = await WarmUpAsync(workers, options.Warmup, settle ? options.MaxWarmup : options.Warmup);
        progress($"  warmed up in {warmup.TotalSeconds:0.0} s");
        var slice = options.Duration / options.Rounds;
        var rounds = new List<PairedRound>();
        for (var i = 0; i < options.Rounds; i++)
        {
            BaselineResult b;
            LoadResult l;
            if (i % 2 == 0)
            {
                b = baseline();
                l = await RunAsync(name, server, workers, RoundLeadIn, slice);
            }
            else
            {
                l = await RunAsync(name, server, workers, RoundLeadIn, slice);
                b = baseline();
            }

            rounds.Add(new PairedRound(b, l, baselinePerGrant));
            progress($"  round {i + 1}: {l.PerSecond:0.0}/s vs ceiling {rounds[^1].CeilingPerSecond:0.0}/s ({b.PerSecond:0.0} {baselineName}/s) = {rounds[^1].Ratio * 100:0.0}%{(l.Rate.Failures > 0 ? $", {l.Rate.Failures} failures" : "")}");
        }

        return new PairedResult(name, baselineName, baselinePerGrant, rounds, warmup);
    }

    /// <summary>
    /// Sends load, discarded, for at least <paramref name="minimum"/> and then until the rate has settled:
    /// the last three one-second rates within 7% of their mean (tiered compilation of the server's hot
    /// paths takes several seconds of full load on two cores). Never longer than <paramref name="maximum"/>.
    /// </summary>
    public static async Task<TimeSpan> WarmUpAsync(IReadOnlyList<ILoadWorker> workers, TimeSpan minimum, TimeSpan maximum)
    {
        long completed = 0;
        var stopping = 0;
        var tasks = workers.Select(worker => Task.Run(async () =>
        {
            while (Volatile.Read(ref stopping) == 0)
            {
                try
                {
                    await worker.SendAsync();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    // counted in the measured runs, not here
                }

                Interlocked.Increment(ref completed);
            }
        })).ToArray();

        var started = Stopwatch.GetTimestamp();
        var rates = new List<double>();
        var last = 0L;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = Interlocked.Read(ref completed);
            rates.Add(now - last);
            last = now;
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= maximum)
            {
                break;
            }

            if (elapsed >= minimum && rates.Count >= 3)
            {
                var recent = rates.TakeLast(3).ToList();
                var mean = recent.Average();
                if (mean > 0 && recent.All(r => Math.Abs(r - mean) <= 0.07 * mean))
                {
                    break;
                }
            }
        }

        Volatile.Write(ref stopping, 1);
        await Task.WhenAll(tasks);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Lead-in of each round's load (connections are open and the code is warm already).</summary>
    private static readonly TimeSpan RoundLeadIn = TimeSpan.FromSeconds(1.5);
}

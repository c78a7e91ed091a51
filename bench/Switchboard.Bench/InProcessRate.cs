using System.Diagnostics;

namespace Switchboard.Bench;

/// <summary>An in-process baseline: how many operations per second this machine does, and on how many threads.</summary>
internal sealed record BaselineResult(string Name, int Threads, double PerSecond, long Operations, CpuUsage Cpu)
{
    /// <summary>CPU time of one operation (this process's CPU over the operations done).</summary>
    public double CpuMsPerOperation => Operations > 0 ? Cpu.ClientSeconds * 1000 / (PerSecond * Cpu.WallSeconds) : double.NaN;

    /// <summary>Several windows as one: the time-weighted mean rate and the summed CPU.</summary>
    public static BaselineResult Combine(string name, IReadOnlyList<BaselineResult> parts)
    {
        var cpu = CpuUsage.Sum(parts.Select(p => p.Cpu));
        var rate = cpu.WallSeconds > 0 ? parts.Sum(p => p.PerSecond * p.Cpu.WallSeconds) / cpu.WallSeconds : 0;
        return new BaselineResult(name, parts[0].Threads, rate, parts.Sum(p => p.Operations), cpu);
    }
}

/// <summary>
/// Runs an operation back to back on dedicated threads (one per core by default) for a warm-up and
/// a measured window. Each thread gets its own operation instance from the factory, so per-thread
/// state (a key, a buffer) is not shared unless the factory shares it on purpose.
/// </summary>
internal static class InProcessRate
{
    public static BaselineResult Measure(string name, int threads, Func<Action> factory, TimeSpan warmup, TimeSpan duration, int? serverPid = null)
    {
        var logs = Enumerable.Range(0, threads).Select(_ => new OperationLog()).ToArray();
        var operations = Enumerable.Range(0, threads).Select(_ => factory()).ToArray();
        var stop = 0;
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            var op = operations[i];
            var log = logs[i];
            while (Volatile.Read(ref stop) == 0)
            {
                var start = Stopwatch.GetTimestamp();
                op();
                log.Add(start, Stopwatch.GetTimestamp(), ok: true);
            }
        })
        { IsBackground = true, Name = $"{name} #{i}" }).ToArray();

        foreach (var worker in workers)
        {
            worker.Start();
        }

        Thread.Sleep(warmup);
        var before = CpuSnapshot.Take(serverPid);
        Thread.Sleep(duration);
        var after = CpuSnapshot.Take(serverPid);
        Volatile.Write(ref stop, 1);
        foreach (var worker in workers)
        {
            worker.Join();
        }

        var rate = RateEstimator.Measure(logs, before.Timestamp, after.Timestamp);
        return new BaselineResult(name, threads, rate.PerSecond, rate.Operations, after - before);
    }
}

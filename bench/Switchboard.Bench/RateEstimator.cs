using System.Diagnostics;

namespace Switchboard.Bench;

/// <summary>
/// Turns per-worker operation timestamps into a rate over a measured window. Each worker runs one
/// operation at a time, back to back; its rate is the operations that lie wholly inside the window
/// divided by the time they span, and the total rate is the sum over workers. Unlike "count / window"
/// this has no boundary error, which matters for slow operations (a PBKDF2 hash takes a sizeable
/// fraction of a second, so a 5 s window holds only a few dozen per core).
/// </summary>
internal sealed class OperationLog
{
    private readonly List<(long Start, long End, bool Ok)> entries = new(capacity: 4096);

    public void Add(long start, long end, bool ok) => entries.Add((start, end, ok));

    public IReadOnlyList<(long Start, long End, bool Ok)> Entries => entries;
}

/// <summary>A rate over a measured window, with the latencies (sorted, milliseconds) of the operations in it.</summary>
internal sealed record WindowRate(double PerSecond, long Operations, long Failures, IReadOnlyList<double> Latencies)
{
    public double P50Ms => RateEstimator.Percentile(Latencies, 0.50);

    public double P99Ms => RateEstimator.Percentile(Latencies, 0.99);
}

internal static class RateEstimator
{
    public static WindowRate Measure(IEnumerable<OperationLog> logs, long windowStart, long windowEnd)
    {
        double rate = 0;
        long count = 0;
        long failures = 0;
        var latencies = new List<double>();
        foreach (var log in logs)
        {
            var inside = log.Entries.Where(e => e.Start >= windowStart && e.End <= windowEnd).ToList();
            failures += inside.Count(e => !e.Ok);
            var ok = inside.Where(e => e.Ok).ToList();
            if (ok.Count == 0)
            {
                continue;
            }

            var span = Stopwatch.GetElapsedTime(inside[0].Start, inside[^1].End).TotalSeconds;
            rate += span > 0 ? ok.Count / span : 0;
            count += ok.Count;
            latencies.AddRange(ok.Select(e => Stopwatch.GetElapsedTime(e.Start, e.End).TotalMilliseconds));
        }

        latencies.Sort();
        return new WindowRate(rate, count, failures, latencies);
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p)
        => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Switchboard.Bench;

/// <summary>Linux /proc readings: a process's CPU time and memory, and the whole machine's busy time.</summary>
internal static partial class ProcStats
{
    private const int ClockProcessCpuTime = 2; // CLOCK_PROCESS_CPUTIME_ID

    /// <summary>This process's CPU time with nanosecond resolution (/proc ticks are 10 ms: too coarse for short batches).</summary>
    public static TimeSpan PreciseCurrentProcessCpu()
    {
        if (ClockGetTime(ClockProcessCpuTime, out var time) != 0)
        {
            return CurrentProcessCpu();
        }

        return TimeSpan.FromTicks((time.Seconds * 1_000_000_000 + time.Nanoseconds) / 100);
    }

    /// <summary>USER_HZ: the unit of /proc tick counts, 100 on every Linux ABI.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU time of a process (all its threads), from /proc/&lt;pid&gt;/stat.</summary>
    public static TimeSpan ProcessCpu(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may contain spaces; fields after its closing parenthesis are plain.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public static TimeSpan CurrentProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>A field of /proc/&lt;pid&gt;/status in bytes (VmRSS: resident now; VmHWM: resident peak).</summary>
    public static long StatusBytes(int pid, string field) => StatusValue(pid, field) * 1024; // reported in kB

    /// <summary>The number a field of /proc/&lt;pid&gt;/status starts with (Threads, voluntary_ctxt_switches…).</summary>
    public static long StatusValue(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var parts = line[(field.Length + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field}.");
    }

    /// <summary>Busy and total CPU seconds of the whole machine since boot (first line of /proc/stat).</summary>
    public static (double Busy, double Total) Machine()
    {
        using var reader = new StreamReader("/proc/stat");
        var parts = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal [guest guest_nice: already inside user]
        var values = parts.Skip(1).Take(8).Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        var idle = values[3] + values[4];
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

/// <summary>CPU spent during one measured window: by the server, by this process (the clients), and by everything else.</summary>
internal sealed record CpuUsage(double WallSeconds, double ServerSeconds, double ClientSeconds, double MachineBusySeconds, double MachineTotalSeconds)
{
    /// <summary>The server's thread count at the end of the window.</summary>
    public int ServerThreads { get; init; }

    public double OtherSeconds => Math.Max(0, MachineBusySeconds - ServerSeconds - ClientSeconds);

    /// <summary>Share of all cores that was busy.</summary>
    public double MachineBusyShare => MachineTotalSeconds > 0 ? MachineBusySeconds / MachineTotalSeconds : 0;

    /// <summary>Cores' worth of CPU the machine had in the window (from /proc/stat, so offline cores don't count).</summary>
    public double Cores => WallSeconds > 0 ? MachineTotalSeconds / WallSeconds : Environment.ProcessorCount;

    public static CpuUsage Sum(IEnumerable<CpuUsage> parts) => parts.Aggregate(
        new CpuUsage(0, 0, 0, 0, 0),
        (a, b) => new CpuUsage(a.WallSeconds + b.WallSeconds, a.ServerSeconds + b.ServerSeconds, a.ClientSeconds + b.ClientSeconds, a.MachineBusySeconds + b.MachineBusySeconds, a.MachineTotalSeconds + b.MachineTotalSeconds)
        {
            ServerThreads = Math.Max(a.ServerThreads, b.ServerThreads),
        });
}

/// <summary>A point-in-time reading; two of them make a <see cref="CpuUsage"/>.</summary>
internal readonly record struct CpuSnapshot(long Timestamp, TimeSpan Server, TimeSpan Client, double MachineBusy, double MachineTotal, int ServerThreads)
{
    public static CpuSnapshot Take(int? serverPid)
    {
        var (busy, total) = ProcStats.Machine();
        return new CpuSnapshot(
            Stopwatch.GetTimestamp(),
            serverPid is { } pid ? ProcStats.ProcessCpu(pid) : TimeSpan.Zero,
            ProcStats.CurrentProcessCpu(),
            busy,
            total,
            serverPid is { } p ? (int)ProcStats.StatusValue(p, "Threads") : 0);
    }

    public static CpuUsage operator -(CpuSnapshot end, CpuSnapshot start) => new(
        Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds,
        (end.Server - start.Server).TotalSeconds,
        (end.Client - start.Client).TotalSeconds,
        end.MachineBusy - start.MachineBusy,
        end.MachineTotal - start.MachineTotal)
    {
        ServerThreads = end.ServerThreads,
    };
}

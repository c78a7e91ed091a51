using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Switchboard.Directory;

namespace Switchboard.Bench;

internal sealed record MachineInfo(DateTimeOffset Date, int Cores, string CpuModel, string Os, string Runtime, string ServerDll, string? Commit);

internal sealed record LoadMemory(double RssMb, double PeakRssMb);

/// <summary>Everything one run measured, rendered as Markdown for stdout and bench/results/latest.md.</summary>
internal sealed record ReportData(
    MachineInfo Machine,
    BenchOptions Options,
    ThroughputResults Throughput,
    PairedResult Password,
    LoadMemory AfterLoad,
    IReadOnlyList<ComponentCost>? Components,
    ColdStartResults Start);

internal static class Report
{
    private const double RatioTarget = 0.85;
    private const double StartTargetMs = 1500;
    private const double RssTargetMb = 150;

    public static string Render(ReportData data)
    {
        var t = data.Throughput;
        var p = data.Password;
        var s = data.Start;
        var m = data.Machine;
        var o = data.Options;
        var md = new StringBuilder();

        md.AppendLine("# Switchboard benchmark results").AppendLine();
        md.AppendLine(I($"- Date: {m.Date:yyyy-MM-dd HH:mm} UTC"));
        md.AppendLine(I($"- Machine: `nproc` = {m.Cores}, {m.CpuModel}; {m.Os}; .NET {m.Runtime}"));
        md.AppendLine(I($"- Server: `dotnet {Rel(m.ServerDll)}` out of process on https://127.0.0.1 (HTTP/1.1 keep-alive){(m.Commit is null ? "" : $", commit {m.Commit}")}"));
        md.AppendLine(I($"- Load: {o.Clients} concurrent clients per grant ({o.PasswordClients} for password sign-ins); per grant a warm-up until the rate settles (refresh {t.Refresh.Warmup.TotalSeconds:0.0} s, client credentials {t.ClientCredentials.Warmup.TotalSeconds:0.0} s, password {p.Warmup.TotalSeconds:0.0} s), then {o.Rounds} rounds alternating a {o.BaselineDuration.TotalSeconds:0.#} s in-process baseline on {m.Cores} threads with {o.Duration.TotalSeconds / o.Rounds:0.#} s of load"));
        if (o.ServerEnvironment.Count > 0)
        {
            md.AppendLine(I($"- Server environment: {string.Join(", ", o.ServerEnvironment.Select(kv => $"`{kv.Key}={kv.Value}`"))}"));
        }

        md.AppendLine("- The clients run on the same cores as the server; the baselines run with the server idle. Compare ratios, not absolute numbers: the machine is shared and noisy.").AppendLine();

        md.AppendLine("## Summary").AppendLine();
        md.AppendLine("Rates and ratios are medians over the rounds (each round's ratio uses the baseline measured next to it); the range is the lowest and highest round.").AppendLine();
        md.AppendLine("| Measure | Result | Baseline measured in the same run | Ratio (range) | Target |");
        md.AppendLine("|---|---:|---|---:|---|");
        md.AppendLine(I($"| Refresh-token grant (chained, rotating) | {t.Refresh.MedianPerSecond:0.0} grants/s | RSA ceiling {t.Refresh.MedianCeilingPerSecond:0.0} grants/s ({t.Refresh.MedianBaselinePerSecond:0} signs/s ÷ 2) | **{Pct(t.Refresh.MedianRatio)}** ({Range(t.Refresh)}) | ≥ 85% ({Verdict(t.Refresh.MedianRatio >= RatioTarget)}) |"));
        md.AppendLine(I($"| Client-credentials grant | {t.ClientCredentials.MedianPerSecond:0.0} grants/s | RSA ceiling {t.ClientCredentials.MedianCeilingPerSecond:0.0} grants/s ({t.ClientCredentials.MedianBaselinePerSecond:0} signs/s ÷ 1) | **{Pct(t.ClientCredentials.MedianRatio)}** ({Range(t.ClientCredentials)}) | ≥ 85% ({Verdict(t.ClientCredentials.MedianRatio >= RatioTarget)}) |"));
        md.AppendLine(I($"| Password sign-ins (password grant) | {p.MedianPerSecond:0.00} sign-ins/s | raw PBKDF2 verify {p.MedianCeilingPerSecond:0.00}/s ({PasswordHasher.DefaultIterations:N0} iterations, server's PasswordHasher in-process) | **{Pct(p.MedianRatio)}** ({Range(p)}) | — |"));
        md.AppendLine(I($"| Cold start, existing data folder (median of {s.Restarts.Runs.Count}) | {s.Restarts.MedianFirstAnswerMs:0} ms | target 1500 ms | {s.Restarts.MedianFirstAnswerMs / StartTargetMs:0.00}× target | < 1.5 s ({Verdict(s.Restarts.MedianFirstAnswerMs < StartTargetMs)}) |"));
        md.AppendLine(I($"| First-ever start, bench seed ({s.FirstEverBench.SeedUsers} users; median of {s.FirstEverBench.Runs.Count}) | {s.FirstEverBench.MedianFirstAnswerMs:0} ms | target 1500 ms | {s.FirstEverBench.MedianFirstAnswerMs / StartTargetMs:0.00}× target | < 1.5 s ({Verdict(s.FirstEverBench.MedianFirstAnswerMs < StartTargetMs)}) |"));
        md.AppendLine(I($"| First-ever start, built-in demo seed ({s.FirstEverDemo.SeedUsers} users; median of {s.FirstEverDemo.Runs.Count}) | {s.FirstEverDemo.MedianFirstAnswerMs:0} ms | target 1500 ms | {s.FirstEverDemo.MedianFirstAnswerMs / StartTargetMs:0.00}× target | < 1.5 s ({Verdict(s.FirstEverDemo.MedianFirstAnswerMs < StartTargetMs)}) |"));
        md.AppendLine(I($"| Resident memory, idle after start (VmRSS, median) | {s.Restarts.MedianIdleRssMb:0.0} MB | target 150 MB | {s.Restarts.MedianIdleRssMb / RssTargetMb:0.00}× target | < 150 MB ({Verdict(s.Restarts.MedianIdleRssMb < RssTargetMb)}) |"));
        md.AppendLine(I($"| Resident memory after the load runs | {data.AfterLoad.RssMb:0.0} MB (peak {data.AfterLoad.PeakRssMb:0.0} MB) | — | — | — |"));
        md.AppendLine();

        md.AppendLine("## Rounds (raw numbers)").AppendLine();
        md.AppendLine("| Grant | round | grants/s | baseline ops/s | ceiling grants/s | ratio | failures |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var paired in new[] { t.Refresh, t.ClientCredentials, p })
        {
            for (var i = 0; i < paired.Rounds.Count; i++)
            {
                var r = paired.Rounds[i];
                md.AppendLine(I($"| {paired.Name} | {i + 1} | {r.Load.PerSecond:0.00} | {r.Baseline.PerSecond:0.00} {paired.BaselineName} | {r.CeilingPerSecond:0.00} | {Pct(r.Ratio)} | {r.Load.Rate.Failures} |"));
            }
        }

        md.AppendLine().AppendLine("## Where a grant's time goes").AppendLine();
        md.AppendLine("Same HTTPS keep-alive load on each path (grant rows: all rounds together). CPU columns are milliseconds of CPU per successful request, read from /proc over the measured windows: the server process, this process (the clients), and everything else on the machine. \"≥ 150 ms\" is the share of requests that took 150 ms or more (without a SQLite busy_timeout, Microsoft.Data.Sqlite sleeps 150 ms per retry when the database is busy). \"Server alone\" is what the server would do with every core to itself (cores ÷ server CPU per request).").AppendLine();
        md.AppendLine("| Run | clients | req/s | p50 ms | p99 ms | ≥ 150 ms | server CPU ms | client CPU ms | other CPU ms | machine busy | server alone req/s | server threads | failures |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var runs = new[] { t.Refresh.Load, t.ClientCredentials.Load, p.Load }.Concat(t.Diagnostics).ToList();
        foreach (var run in runs)
        {
            var other = run.PerSecond > 0 ? run.Cpu.OtherSeconds * 1000 / (run.PerSecond * run.Cpu.WallSeconds) : double.NaN;
            var slow = run.Rate.Latencies.Count > 0 ? run.Rate.Latencies.Count(l => l >= 150) / (double)run.Rate.Latencies.Count : double.NaN;
            md.AppendLine(I($"| {run.Name} | {run.Clients} | {run.PerSecond:0.0} | {run.Rate.P50Ms:0.0} | {run.Rate.P99Ms:0.0} | {Pct(slow)} | {run.ServerCpuMs:0.000} | {run.ClientCpuMs:0.000} | {other:0.000} | {Pct(run.Cpu.MachineBusyShare)} | {run.ServerOnlyPerSecond:0.0} | {run.Cpu.ServerThreads} | {run.Rate.Failures} |"));
        }

        md.AppendLine();
        var signMs = t.SignCpuMs;
        md.AppendLine(I($"One RS256 signature costs {signMs:0.000} ms of CPU (all-core ceiling slices)."));
        md.AppendLine();
        md.AppendLine("| Grant | signatures | signing CPU ms | server CPU ms | signing share of server CPU |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (paired, signatures) in new[] { (t.Refresh, TokenThroughput.SignaturesPerRefresh), (t.ClientCredentials, TokenThroughput.SignaturesPerClientCredentials) })
        {
            var run = paired.Load;
            md.AppendLine(I($"| {run.Name} | {signatures} | {signMs * signatures:0.000} | {run.ServerCpuMs:0.000} | {Pct(signMs * signatures / run.ServerCpuMs)} |"));
        }

        md.AppendLine();
        md.AppendLine("The signing share is the ratio again, in CPU time instead of wall time: it would be the grants/s ÷ ceiling ratio if the server had the cores to itself, so it is not moved by the clients or by other work on the machine.");

        if (data.Components is { } components)
        {
            md.AppendLine().AppendLine("### The grants' steps, in-process (diagnostic)").AppendLine();
            md.AppendLine("Each step called directly through the server's own services on one thread (its DI container built in the bench process on the load run's data folder), in a DI scope of its own; µs of CPU per call in the cheapest of 15 batches (the median batch in brackets; on a noisy machine the cheapest is the closest to the code's own cost), after a first pass that lets tiered compilation finish. The last rows compare the steps' sum with the server CPU per grant measured over HTTPS; the remainder is HTTPS, Kestrel, routing, form parsing, JSON responses, DI and GC under concurrency.").AppendLine();
            md.AppendLine("| Step | µs per call | per client_credentials | per refresh |");
            md.AppendLine("|---|---:|---:|---:|");
            foreach (var c in components)
            {
                md.AppendLine(I($"| {c.Name} | {c.MinMicroseconds:0} ({c.MedianMicroseconds:0}) | {(c.PerClientCredentials == 0 ? "—" : c.PerClientCredentials.ToString(CultureInfo.InvariantCulture) + "×")} | {(c.PerRefresh == 0 ? "—" : c.PerRefresh.ToString(CultureInfo.InvariantCulture) + "×")} |"));
            }

            var ccSum = components.Sum(c => c.MedianMicroseconds * c.PerClientCredentials) / 1000;
            var refreshSum = components.Sum(c => c.MedianMicroseconds * c.PerRefresh) / 1000;
            var ccMin = components.Sum(c => c.MinMicroseconds * c.PerClientCredentials) / 1000;
            var refreshMin = components.Sum(c => c.MinMicroseconds * c.PerRefresh) / 1000;
            var ccMint = components.Where(c => c.Name.Contains("RS256", StringComparison.Ordinal)).Sum(c => c.MinMicroseconds * c.PerClientCredentials) / 1000;
            var refreshMint = components.Where(c => c.Name.Contains("RS256", StringComparison.Ordinal)).Sum(c => c.MinMicroseconds * c.PerRefresh) / 1000;
            md.AppendLine(I($"| **Sum of the grant's steps, ms** | | **{ccMin:0.000}** ({ccSum:0.000}) | **{refreshMin:0.000}** ({refreshSum:0.000}) |"));
            md.AppendLine(I($"| of which minting JWTs (claims + RS256), ms | | {ccMint:0.000} ({Pct(ccMint / ccMin)}) | {refreshMint:0.000} ({Pct(refreshMint / refreshMin)}) |"));
            md.AppendLine(I($"| of which database and the rest, ms | | {ccMin - ccMint:0.000} ({Pct((ccMin - ccMint) / ccMin)}) | {refreshMin - refreshMint:0.000} ({Pct((refreshMin - refreshMint) / refreshMin)}) |"));
            md.AppendLine(I($"| Server CPU per grant over HTTPS, ms ({t.ClientCredentials.Load.Clients} clients) | | {t.ClientCredentials.Load.ServerCpuMs:0.000} | {t.Refresh.Load.ServerCpuMs:0.000} |"));
            md.AppendLine(I($"| Steps' share of it | | {Pct(ccMin / t.ClientCredentials.Load.ServerCpuMs)} | {Pct(refreshMin / t.Refresh.Load.ServerCpuMs)} |"));
        }

        var errors = runs.Where(r => r.FirstError is not null).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine().AppendLine("Errors seen (warm-ups included):").AppendLine();
            foreach (var run in errors)
            {
                md.AppendLine(I($"- {run.Name}: {run.FirstError}"));
            }
        }

        md.AppendLine().AppendLine("## In-process baselines (raw numbers)").AppendLine();
        md.AppendLine("| Baseline | threads | ops/s | CPU ms per op |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var b in new[] { t.ClientCredentials.Baseline with { Name = t.ClientCredentials.Baseline.Name + " (client_credentials rounds)" }, t.Refresh.Baseline with { Name = t.Refresh.Baseline.Name + " (refresh rounds)" } }
            .Concat(t.SigningDetails).Append(p.Baseline))
        {
            md.AppendLine(I($"| {b.Name} | {b.Threads} | {b.PerSecond:0.0} | {b.CpuMsPerOperation:0.000} |"));
        }

        md.AppendLine().AppendLine("## Starts (raw numbers)").AppendLine();
        md.AppendLine("Launch of `dotnet Switchboard.dll` to the first 200 from `GET /common/discovery/instance` (polled every 5 ms on a new connection); \"Application started\" is when the server logged it. Idle RSS is VmRSS from /proc/<pid>/status after the server sat idle.").AppendLine();
        md.AppendLine("| Start | seed | first answer ms, each run | \"Application started\" ms | idle RSS MB |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var series in new[] { s.Restarts, s.FirstEverBench, s.FirstEverDemo })
        {
            md.AppendLine(I($"| {series.Name} | {series.Seed} ({series.SeedUsers} users) | {Join(series.Runs.Select(r => (double?)r.FirstAnswerMs), "0")} | {Join(series.Runs.Select(r => r.StartedLineMs), "0")} | {Join(series.Runs.Select(r => r.IdleRssMb), "0.0")} |"));
        }

        foreach (var (title, timeline) in new[] { ("Where a restart's time goes", s.Timeline), ("Where a first-ever start's time goes", s.FirstEverTimeline) })
        {
            if (timeline is null)
            {
                continue;
            }

            md.AppendLine().AppendLine(I($"### {title}")).AppendLine();
            md.AppendLine("One more start with EF Core's SQL command log on (so a little slower than the runs above); each server output line is stamped when it arrives.").AppendLine();
            md.AppendLine("| Phase ends | ms from launch | phase ms | SQL commands in phase |");
            md.AppendLine("|---|---:|---:|---:|");
            var previous = 0.0;
            foreach (var phase in timeline)
            {
                md.AppendLine(I($"| {phase.Name} | {phase.EndMs:0} | {phase.EndMs - previous:0} | {phase.DatabaseCommands} |"));
                previous = phase.EndMs;
            }
        }

        md.AppendLine().AppendLine("How to read this: bench/README.md.");
        return md.ToString();
    }

    /// <summary>Title, date, machine and server lines, for a report of one part (<c>--only</c>).</summary>
    public static string RenderHeader(MachineInfo m, string title)
    {
        var md = new StringBuilder();
        md.AppendLine(I($"# {title}")).AppendLine();
        md.AppendLine(I($"- Date: {m.Date:yyyy-MM-dd HH:mm} UTC"));
        md.AppendLine(I($"- Machine: `nproc` = {m.Cores}, {m.CpuModel}; {m.Os}; .NET {m.Runtime}"));
        md.AppendLine(I($"- Server: `dotnet {Rel(m.ServerDll)}` out of process on https://127.0.0.1 (HTTP/1.1 keep-alive){(m.Commit is null ? "" : $", commit {m.Commit}")}"));
        return md.ToString();
    }

    private static string Range(PairedResult paired) => I($"{Pct(paired.Rounds.Min(r => r.Ratio))}–{Pct(paired.Rounds.Max(r => r.Ratio))}");

    public static MachineInfo DescribeMachine(string serverDll)
        => new(DateTimeOffset.UtcNow, Environment.ProcessorCount, ProcStats.CpuModel(), RuntimeInformation.OSDescription, Environment.Version.ToString(), serverDll, GitCommit());

    private static string? GitCommit()
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", "describe --always --dirty")
            {
                WorkingDirectory = RepoPaths.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return null;
            }

            var text = git.StandardOutput.ReadToEnd().Trim();
            return git.WaitForExit(5000) && git.ExitCode == 0 && text.Length > 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }

    private static string Verdict(bool met) => met ? "met" : "not met";

    private static string Pct(double ratio) => double.IsFinite(ratio) ? I($"{ratio * 100:0.0}%") : "n/a";

    private static string Join(IEnumerable<double?> values, string format)
    {
        var list = values.ToList();
        return list.All(v => v is null) ? "—" : string.Join(", ", list.Select(v => v?.ToString(format, CultureInfo.InvariantCulture) ?? "—"));
    }

    private static string Rel(string path)
    {
        var relative = Path.GetRelativePath(RepoPaths.Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static string I(FormattableString text) => FormattableString.Invariant(text);
}

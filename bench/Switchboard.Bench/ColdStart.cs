using Switchboard.Directory.Seed;

namespace Switchboard.Bench;

/// <summary>One start: time to the first answered request, to the "Application started" line, and idle RSS.</summary>
internal sealed record StartRun(double FirstAnswerMs, double? StartedLineMs, double? IdleRssMb);

internal sealed record StartSeries(string Name, string Seed, int SeedUsers, IReadOnlyList<StartRun> Runs)
{
    public double MedianFirstAnswerMs => RateEstimator.Median(Runs.Select(r => r.FirstAnswerMs));

    public double MedianIdleRssMb => RateEstimator.Median(Runs.Where(r => r.IdleRssMb is not null).Select(r => r.IdleRssMb!.Value));
}

/// <summary>One phase of a restart: when it ended (ms from launch) and how many database commands it ran.</summary>
internal sealed record StartPhase(string Name, double EndMs, int DatabaseCommands);

internal sealed record ColdStartResults(
    StartSeries Restarts, StartSeries FirstEverBench, StartSeries FirstEverDemo, IReadOnlyList<StartPhase>? Timeline, IReadOnlyList<StartPhase>? FirstEverTimeline);

/// <summary>
/// Launch of the built server (<c>dotnet Switchboard.dll</c>) to the first 200 from
/// <c>GET /common/discovery/instance</c>. "Cold" is the process: the OS file cache is warm after the
/// first run, as it is for a developer restarting the server.
/// </summary>
internal static class ColdStart
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ColdStartResults> RunAsync(string serverDll, string workRoot, BenchOptions options, Action<string> progress)
    {
        var benchUsers = CountUsers(SeedApplier.Load(RepoPaths.Seed));
        var demoUsers = CountUsers(SeedApplier.Load(null));

        progress($"first-ever start, bench seed ({benchUsers} users) x{options.FirstStartRuns}");
        var firstBench = new List<StartRun>();
        string? existing = null;
        for (var i = 0; i < options.FirstStartRuns; i++)
        {
            var data = Path.Combine(workRoot, $"first-bench-{i}");
            existing ??= data;
            firstBench.Add(await StartOnceAsync(serverDll, options, data, RepoPaths.Seed, idle: null));
            progress($"  {firstBench[^1].FirstAnswerMs:0} ms");
        }

        progress($"first-ever start, built-in demo seed ({demoUsers} users) x{options.FirstStartRuns}");
        var firstDemo = new List<StartRun>();
        for (var i = 0; i < options.FirstStartRuns; i++)
        {
            firstDemo.Add(await StartOnceAsync(serverDll, options, Path.Combine(workRoot, $"first-demo-{i}"), seed: null, idle: null));
            progress($"  {firstDemo[^1].FirstAnswerMs:0} ms");
        }

        progress($"restart on an existing data folder x{options.RestartRuns} (idle RSS read {options.IdleBeforeRss.TotalSeconds:0.#} s after the first answer)");
        var restarts = new List<StartRun>();
        for (var i = 0; i < options.RestartRuns; i++)
        {
            restarts.Add(await StartOnceAsync(serverDll, options, existing!, RepoPaths.Seed, options.IdleBeforeRss));
            progress($"  {restarts[^1].FirstAnswerMs:0} ms, idle RSS {restarts[^1].IdleRssMb:0.0} MB");
        }

        progress("start timelines (one more restart and one more first-ever start, with EF Core command logging on)");
        var timeline = await TimelineAsync(serverDll, options, existing!);
        var firstTimeline = await TimelineAsync(serverDll, options, Path.Combine(workRoot, "first-timeline"));
        foreach (var phase in (timeline ?? []).Concat(firstTimeline ?? []))
        {
            progress($"  {phase.EndMs,6:0} ms  {phase.Name} ({phase.DatabaseCommands} commands)");
        }

        return new ColdStartResults(
            new StartSeries("Restart, existing data folder", "bench", benchUsers, restarts),
            new StartSeries("First-ever start, fresh data folder", "bench", benchUsers, firstBench),
            new StartSeries("First-ever start, fresh data folder", "built-in demo", demoUsers, firstDemo),
            timeline,
            firstTimeline);
    }

    /// <summary>
    /// Where a restart's time goes, from the server's own log: each SQL command is logged as it runs
    /// (EF Core's Database.Command category at Information) and every line is stamped when it arrives.
    /// The logging itself makes this start slightly slower than the measured ones. On a fresh folder it
    /// is a first-ever start. Null when the log
    /// does not have the expected lines.
    /// </summary>
    private static async Task<IReadOnlyList<StartPhase>?> TimelineAsync(string serverDll, BenchOptions options, string data)
    {
        var environment = new Dictionary<string, string>(options.ServerEnvironment, StringComparer.Ordinal)
        {
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            ["Logging__LogLevel__Microsoft.Extensions.Hosting"] = "Debug",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        TimeSpan firstAnswer;
        IReadOnlyList<(TimeSpan At, string Line)> lines;
        await using (var server = ServerProcess.Start(serverDll, data, RepoPaths.Seed, environment))
        {
            firstAnswer = await server.WaitForFirstAnswerAsync(StartTimeout);
            await Task.WhenAny(server.Started, Task.Delay(TimeSpan.FromSeconds(2)));
            lines = server.Output;
        }

        static bool IsCommand((TimeSpan At, string Line) l) => l.Line.Contains("Executed DbCommand", StringComparison.Ordinal);
        int First(Func<(TimeSpan At, string Line), bool> match) => lines.Select((l, i) => (l, i)).FirstOrDefault(x => match(x.l), (default, -1)).Item2;
        var hostStarting = First(l => l.Line.Contains("Hosting starting", StringComparison.Ordinal));
        var listening = First(l => l.Line.Contains("Now listening on", StringComparison.Ordinal));
        var started = First(l => l.Line.Contains("Application started", StringComparison.Ordinal));
        var firstCommand = First(IsCommand);
        var lastMigration = lines.Select((l, i) => (l, i)).LastOrDefault(x => x.l.Line.Contains("__EFMigrationsLock", StringComparison.Ordinal), (default, -1)).Item2;
        var lastCommand = lines.Select((l, i) => (l, i)).LastOrDefault(x => IsCommand(x.l) && (listening < 0 || x.i < listening), (default, -1)).Item2;
        if (hostStarting < 0 || listening < 0 || started < 0 || firstCommand < 0 || lastMigration < 0 || lastCommand < lastMigration)
        {
            return null;
        }

        int Commands(int from, int to) => lines.Skip(from + 1).Take(to - from).Count(IsCommand);
        double Ms(int index) => lines[index].At.TotalMilliseconds;
        return
        [
            new("runtime start, configuration, TLS certificates (made on a first start), DI container (\"Hosting starting\")", Ms(hostStarting), 0),
            new("start-up tasks begin: EF Core model and migrations machinery, cold (first SQL command)", Ms(firstCommand), 1),
            new("migrations applied or checked (last command on the migrations lock)", Ms(lastMigration), Commands(firstCommand, lastMigration)),
            new("seed applied or checked, signing keys made or loaded (last SQL command)", Ms(lastCommand), Commands(lastMigration, lastCommand)),
            new("Kestrel listening", Ms(listening), Commands(lastCommand, listening)),
            new("\"Application started\" (start-up banner)", Ms(started), 0),
            new("first answer to GET /common/discovery/instance", firstAnswer.TotalMilliseconds, 0),
        ];
    }

    private static async Task<StartRun> StartOnceAsync(string serverDll, BenchOptions options, string data, string? seed, TimeSpan? idle)
    {
        await using var server = ServerProcess.Start(serverDll, data, seed, options.ServerEnvironment);
        var firstAnswer = await server.WaitForFirstAnswerAsync(StartTimeout);
        var startedLine = await Task.WhenAny(server.Started, Task.Delay(TimeSpan.FromSeconds(2))) == server.Started && server.Started.IsCompletedSuccessfully
            ? server.Started.Result.TotalMilliseconds
            : (double?)null;
        double? rss = null;
        if (idle is { } wait)
        {
            await Task.Delay(wait);
            rss = server.ResidentBytes / (1024.0 * 1024.0);
        }

        return new StartRun(firstAnswer.TotalMilliseconds, startedLine, rss);
    }

    private static int CountUsers(SeedDocument seed) => seed.Tenants.Sum(t => t.Users.Count) + seed.PersonalAccounts.Count;
}

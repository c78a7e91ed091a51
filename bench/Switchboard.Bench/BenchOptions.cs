using System.Globalization;

namespace Switchboard.Bench;

/// <summary>Command-line settings. Every loop is bounded by these; the defaults finish in about seven minutes.</summary>
internal sealed record BenchOptions
{
    /// <summary>Measured load time per grant, over all rounds.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Shortest discarded lead-in of each grant (JIT tiering, connection set-up, SQLite cache); it goes on until the rate settles.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest lead-in, settled or not.</summary>
    public TimeSpan MaxWarmup { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Measured window of each in-process baseline slice (signing, hashing).</summary>
    public TimeSpan BaselineDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Rounds that alternate a grant's load with its baseline; the measured load time is split over them.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Concurrent keep-alive HTTPS clients; default four per core.</summary>
    public int Clients { get; init; } = Environment.ProcessorCount * 4;

    /// <summary>
    /// Concurrent clients for password sign-ins; default two per core. Each sign-in holds a core for a
    /// whole PBKDF2 hash, so more clients only lengthen the queue (and the latency) without adding work.
    /// </summary>
    public int PasswordClients { get; init; } = Environment.ProcessorCount * 2;

    /// <summary>Restarts on an existing data folder (median reported).</summary>
    public int RestartRuns { get; init; } = 5;

    /// <summary>First-ever starts on fresh data folders, per seed.</summary>
    public int FirstStartRuns { get; init; } = 3;

    /// <summary>How long the server sits idle after its first answer before its RSS is read.</summary>
    public TimeSpan IdleBeforeRss { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Concurrent closed-loop senders of the chat ingest run (each its own user and connection).</summary>
    public int ChatSenders { get; init; } = 32;

    /// <summary>Messages per transaction of the raw insert loop's group-commit variant.</summary>
    public int ChatBatch { get; init; } = 64;

    /// <summary>Messages per second of the live latency run (open loop).</summary>
    public int ChatRate { get; init; } = 1000;

    /// <summary>Discarded lead-in of the live latency run, at the full rate.</summary>
    public TimeSpan ChatWarmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Measured window of the live latency run.</summary>
    public TimeSpan ChatWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Run one part only (<c>chat</c>); null: everything.</summary>
    public string? Only { get; init; }

    /// <summary>The built server; empty: src/Switchboard/bin/{this bench's configuration}/net10.0/Switchboard.dll in this repository.</summary>
    public string? ServerDll { get; init; }

    /// <summary>Where the Markdown report goes; empty: bench/results/latest.md in this repository.</summary>
    public string? Output { get; init; }

    public bool WriteReport { get; init; } = true;

    /// <summary>Extra environment for every server process (<c>--server-env NAME=VALUE</c>), for experiments with runtime settings.</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--quick" => options with
                {
                    Duration = TimeSpan.FromSeconds(3),
                    Warmup = TimeSpan.FromSeconds(3),
                    MaxWarmup = TimeSpan.FromSeconds(15),
                    BaselineDuration = TimeSpan.FromSeconds(1),
                    Rounds = 2,
                    RestartRuns = 3,
                    FirstStartRuns = 1,
                    IdleBeforeRss = TimeSpan.FromSeconds(1),
                    ChatWarmup = TimeSpan.FromSeconds(3),
                    ChatWindow = TimeSpan.FromSeconds(5),
                },
                "--duration" => options with { Duration = Seconds(Next()) },
                "--warmup" => options with { Warmup = Seconds(Next()) },
                "--max-warmup" => options with { MaxWarmup = Seconds(Next()) },
                "--baseline-duration" => options with { BaselineDuration = Seconds(Next()) },
                "--rounds" => options with { Rounds = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 20) },
                "--password-clients" => options with { PasswordClients = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 256) },
                "--clients" => options with { Clients = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 256) },
                "--restarts" => options with { RestartRuns = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 50) },
                "--first-starts" => options with { FirstStartRuns = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 20) },
                "--chat-senders" => options with { ChatSenders = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 200) },
                "--chat-batch" => options with { ChatBatch = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 2, 10_000) },
                "--chat-rate" => options with { ChatRate = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 20_000) },
                "--chat-warmup" => options with { ChatWarmup = Seconds(Next()) },
                "--chat-window" => options with { ChatWindow = Seconds(Next()) },
                "--only" => options with { Only = Next() is "chat" ? "chat" : throw new ArgumentException("--only takes: chat") },
                "--server" => options with { ServerDll = Next() },
                "--out" => options with { Output = Next() },
                "--no-write" => options with { WriteReport = false },
                "--server-env" => options with { ServerEnvironment = WithVariable(options.ServerEnvironment, Next()) },
                "--help" or "-h" => throw new HelpRequestedException(),
                _ => throw new ArgumentException($"Unknown option '{name}'. Try --help."),
            };
        }

        return options;
    }

    public const string Usage = """
        Switchboard benchmarks: token endpoint throughput against an RSA signing ceiling, password sign-ins
        against the raw PBKDF2 rate, cold start and idle memory, Teams user exchanges, chat message ingest
        against a raw durable SQLite insert loop and live delivery latency. Talks only to 127.0.0.1.

          dotnet run -c Release --project bench/Switchboard.Bench [-- options]

          --quick                 short windows (about 4 minutes in all; numbers are noisier)
          --duration SECONDS      measured load time per grant, split over the rounds (default 10)
          --warmup SECONDS        shortest discarded lead-in per grant (default 5); it lasts until
                                  the rate settles (3 one-second rates within 7%)
          --max-warmup SECONDS    longest lead-in per grant (default 30)
          --rounds N              rounds alternating baseline and load per grant (default 3)
          --baseline-duration S   measured window per baseline slice (default 2)
          --clients N             concurrent keep-alive HTTPS clients for the grants (default 4 x cores)
          --password-clients N    concurrent clients for password sign-ins (default 2 x cores)
          --restarts N            restarts on an existing data folder (default 5)
          --first-starts N        first-ever starts per seed (default 3)
          --chat-senders N        closed-loop senders of the chat ingest run, 4 per chat (default 32)
          --chat-batch N          messages per transaction of the raw group-commit ceiling (default 64)
          --chat-rate N           messages/s of the live latency run, open loop (default 1000)
          --chat-warmup SECONDS   live run lead-in at the full rate (default 5)
          --chat-window SECONDS   live run measured window (default 10)
          --only chat             only the chat benchmark (about 2 minutes); prints the report and
                                  writes it only with --out, so results/latest.md stays a full run
          --server PATH           Switchboard.dll to run (default src/Switchboard/bin/<configuration>/net10.0,
                                  built with the bench)
          --out FILE              report path (default bench/results/latest.md)
          --no-write              print the report only
          --server-env NAME=VALUE environment for every server process (repeatable), e.g. DOTNET_gcServer=0
        """;

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> current, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--server-env takes NAME=VALUE, not '{assignment}'.");
        }

        return new Dictionary<string, string>(current, StringComparer.Ordinal) { [assignment[..equals]] = assignment[(equals + 1)..] };
    }

    private static TimeSpan Seconds(string value)
        => TimeSpan.FromSeconds(Math.Clamp(double.Parse(value, CultureInfo.InvariantCulture), 0.5, 120));
}

internal sealed class HelpRequestedException : Exception
{
    public HelpRequestedException()
        : base("help")
    {
    }
}

using System.Globalization;
using System.Text;

namespace Switchboard.Bench;

/// <summary>What the chat bench measured; <see cref="Latency"/> is the run at the target rate, <see cref="LowerRates"/> the shorter runs below it.</summary>
internal sealed record ChatResults(ChatIngestResults Ingest, ChatLatencyResult Latency, IReadOnlyList<ChatLatencyResult> LowerRates, int Senders, TimeSpan SignIn);

/// <summary>
/// The chat benchmark (issue: chat throughput and live latency): messages accepted per second next to a
/// raw durable SQLite insert loop, and send-to-delivery latency to 50 members on the live channel at a
/// steady rate. Its own server, data folder and seed (bench-chat-seed.json: 51 users, the chat app).
/// </summary>
internal static class ChatBench
{
    public const double IngestTarget = 0.5;
    public const double P99TargetMs = 50;

    /// <summary>Members per ingest chat: each is a sender with its own connection.</summary>
    private const int SendersPerChat = 4;

    public static async Task<ChatResults> RunAsync(string serverDll, string workRoot, BenchOptions options, Action<string> progress)
    {
        await using var server = ServerProcess.Start(serverDll, Path.Combine(workRoot, "chat"), ChatBenchSeed.Path, options.ServerEnvironment);
        var up = await server.WaitForFirstAnswerAsync(TimeSpan.FromSeconds(120));
        progress($"chat server up in {up.TotalMilliseconds:0} ms (pid {server.Pid}; a first start hashes {ChatBenchSeed.Users} seeded passwords)");
        using var client = BenchHttp.Create(server.BaseAddress, server.CaPath, Math.Max(options.ChatSenders, 8), TimeSpan.FromSeconds(30));

        // Sign-ins and chats: set-up, not measured. One password grant (one PBKDF2 hash) per user, a core each.
        var signIn = System.Diagnostics.Stopwatch.StartNew();
        var users = new List<ChatUser>();
        foreach (var batch in Enumerable.Range(0, ChatBenchSeed.Users).Chunk(Environment.ProcessorCount))
        {
            users.AddRange(await Task.WhenAll(batch.Select(u => ChatRequests.SignInAsync(client, u))));
        }

        progress($"chat: {users.Count} users signed in in {signIn.Elapsed.TotalSeconds:0.0} s (password grant, not measured)");

        // Ingest: senders in group chats of SendersPerChat members, each member sending on its own connection.
        // chat00 is kept out of them: it is the live run's sender.
        var senders = new List<(string ChatId, ChatUser Sender)>();
        var chats = (options.ChatSenders + SendersPerChat - 1) / SendersPerChat;
        for (var c = 0; c < chats; c++)
        {
            var group = Enumerable.Range(0, SendersPerChat).Select(k => users[1 + ((c * SendersPerChat + k) % (users.Count - 1))]).ToList();
            var chatId = await ChatRequests.CreateGroupChatAsync(client, group[0], group, $"ingest {c}");
            senders.AddRange(group.Select(u => (chatId, u)));
        }

        senders = senders.Take(options.ChatSenders).ToList();
        var bigChat = await ChatRequests.CreateGroupChatAsync(client, users[0], users, "bench");
        progress($"chat: {chats} ingest chats of {SendersPerChat} members, one chat of {users.Count} members");

        var ingest = await ChatIngest.RunAsync(server, client, senders, chats, bigChat, users, Path.Combine(workRoot, "chat-raw.db"), options, progress);

        // Live: a quarter and half of the target rate first (shorter; they also warm the live path), then the target rate.
        var shortWarmup = TimeSpan.FromSeconds(Math.Min(3, options.ChatWarmup.TotalSeconds));
        var shortWindow = TimeSpan.FromSeconds(Math.Max(2, options.ChatWindow.TotalSeconds / 2));
        var runs = new[] { options.ChatRate / 4, options.ChatRate / 2 }.Where(r => r >= 10).Distinct()
            .Select(r => (r, shortWarmup, shortWindow))
            .Append((options.ChatRate, options.ChatWarmup, options.ChatWindow))
            .ToList();
        var live = await ChatLatency.RunAsync(server, users[0], users.Skip(1).ToList(), bigChat, runs, progress);
        return new ChatResults(ingest, live[^1], live.Take(live.Count - 1).ToList(), senders.Count, signIn.Elapsed);
    }

    public static string Render(ChatResults results)
    {
        var ingest = results.Ingest;
        var paired = ingest.Ingest;
        var live = results.Latency;
        var md = new StringBuilder();
        md.AppendLine().AppendLine("## Chat (issue: chat throughput and live latency)").AppendLine();
        md.AppendLine(I($"Its own server (`--seed bench-chat-seed.json`: {ChatBenchSeed.Users} Teams users, a public client with Graph chat scopes), signed in by the password grant (not measured). Chat writes are durable (WAL, synchronous=FULL) and go through the server's one group-committing writer."));
        md.AppendLine();
        md.AppendLine(I($"- **Ingest**: {results.Senders} closed-loop senders, each a different user on its own HTTPS keep-alive connection, {SendersPerChat} per group chat over {ingest.Chats} chats, `POST /v1.0/chats/{{id}}/messages` with a ~100-character text body; a message counts when the answer is 201 with a numeric id that is greater than the sender's previous one. Warm-up until the rate settles ({paired.Warmup.TotalSeconds:0.0} s), then {paired.Rounds.Count} rounds alternating the baselines ({results.Ingest.Ingest.Rounds[0].Baseline.Cpu.WallSeconds:0.#} s each) with {paired.Rounds[0].Load.Cpu.WallSeconds:0.#} s of load."));
        md.AppendLine(I($"- **Raw insert baseline**, measured next to each round with the server idle: one thread in the bench process, Microsoft.Data.Sqlite on a fresh file in the same temporary folder (same disk), the chat connections' pragmas (`{RawChatInsert.Pragmas}`), the ChatThreads and ChatMessages tables and indexes copied from the server's database, each row a copy of a message the server stored in this run ({ingest.RowBytes} bytes of column data) with a new id, plus the UPDATE of the chat row that the server also makes per message. One message per transaction (one fsync each) is the ratio's baseline; {ingest.BatchSize} per transaction is the group-commit ceiling."));
        md.AppendLine(I($"- **Live latency**: chat00 posts to a group chat of {live.Members + 1} members at {live.TargetPerSecond:0} messages/s, open loop (a pacing thread starts each POST on schedule and never waits for answers; up to 256 keep-alive connections, 64 opened beforehand), {live.Warmup.TotalSeconds:0.#} s warm-up (its first half ramps up from 10% of the rate) then {live.Window.TotalSeconds:0.#} s measured. The other {live.Members} members are each connected to `/chat/live` (SignalR over WebSockets, their own token) and stamp `messageCreated` on arrival; latency = arrival − start of the POST, over every (message, member) pair. A discarded 5 s run at a quarter of the rate warms the live path up; shorter runs at a quarter and half of the rate come next."));
        md.AppendLine("- The bench process (senders, 50 SignalR clients) shares the machine's cores with the server, and the machine is shared with other work; the CPU columns below show who used what.");
        md.AppendLine();

        md.AppendLine("| Measure | Result | Baseline measured in the same run | Ratio (range) | Target |");
        md.AppendLine("|---|---:|---|---:|---|");
        md.AppendLine(I($"| Messages accepted (201), {results.Senders} senders | {paired.MedianPerSecond:0} msg/s | raw insert, 1 message per transaction: {paired.MedianCeilingPerSecond:0} msg/s | **{Pct(paired.MedianRatio)}** ({Pct(paired.Rounds.Min(r => r.Ratio))}–{Pct(paired.Rounds.Max(r => r.Ratio))}) | ≥ 50% ({Verdict(paired.MedianRatio >= IngestTarget)}) |"));
        md.AppendLine(I($"| the same against the group-commit ceiling | {paired.MedianPerSecond:0} msg/s | raw insert, {ingest.BatchSize} messages per transaction: {ingest.MedianBatchedPerSecond:0} msg/s | {Pct(ingest.MedianBatchedRatio)} ({Pct(ingest.BatchedRatios.Min())}–{Pct(ingest.BatchedRatios.Max())}) | — |"));
        md.AppendLine(I($"| Send → delivery, {live.Members} live members, p50 / p99 (max) | {live.P50Ms:0.0} / **{live.P99Ms:0.0} ms** ({live.MaxMs:0.0} ms) | at {live.AchievedPerSecond:0} messages/s sent (target {live.TargetPerSecond:0}) | — | p99 < 50 ms ({Verdict(live.P99Ms < P99TargetMs && live.AchievedPerSecond >= 0.95 * live.TargetPerSecond)}) |"));
        md.AppendLine(I($"| Deliveries missing | {live.MissingDeliveries} of {live.Created * live.Members:N0} ({live.MessagesNotFullyDelivered} messages not delivered to every member) | — | — | 0 ({Verdict(live.MissingDeliveries == 0 && live.SendFailures == 0)}) |"));
        md.AppendLine();

        md.AppendLine("Read as: the 1-per-transaction ceiling is this disk's fsync rate (the raw loop's CPU per message is small, below), so it moves with the virtual disk from run to run; the server's ingest is bound by its own work per message (the server CPU column; much of it runs in the one writer, so the machine need not be fully busy), and its group commit makes it nearly independent of fsync (compare the 1-sender row below, one commit per message). The batched ceiling is what group commit could reach if the server's work per message cost nothing.").AppendLine();
        md.AppendLine("### Ingest rounds (raw numbers)").AppendLine();
        md.AppendLine(I($"| round | messages/s (201) | raw 1/transaction msg/s | raw {ingest.BatchSize}/transaction msg/s | ratio to 1/transaction | ratio to {ingest.BatchSize}/transaction | failures |"));
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < paired.Rounds.Count; i++)
        {
            var r = paired.Rounds[i];
            md.AppendLine(I($"| {i + 1} | {r.Load.PerSecond:0.0} | {r.Baseline.PerSecond:0.0} | {ingest.Batched[i].PerSecond:0.0} | {Pct(r.Ratio)} | {Pct(ingest.BatchedRatios[i])} | {r.Load.Rate.Failures} |"));
        }

        md.AppendLine();
        md.AppendLine(I($"Raw loop CPU per message: {paired.Baseline.CpuMsPerOperation:0.000} ms at 1 per transaction, {BaselineResult.Combine("batched", ingest.Batched).CpuMsPerOperation:0.000} ms at {ingest.BatchSize} per transaction (the rest of its wall time is waiting for fsync)."));

        md.AppendLine().AppendLine("### Live delivery (raw numbers)").AppendLine();
        md.AppendLine(I($"Send → delivery over every (message, member) pair of the measured window; \"201 → delivery\" is arrival − the sender's receipt of the 201 (negative when the push overtakes the answer). Answered: 201s per second that arrived inside the measured window (below the send rate when the server falls behind). In flight: most POSTs started and not answered at once ({MaxConnectionsNote})."));
        md.AppendLine();
        md.AppendLine("| rate target / sent / answered | window s | 201s / failures | POST → 201 p50 / p99 ms | send → delivery p50 / p99 / p99.9 / max ms | 201 → delivery p50 / p99 ms | missing / dup. / out of order | peak in flight | sender lag p99 ms | server CPU ms/msg | client CPU ms/msg | machine busy |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in results.LowerRates.Append(live))
        {
            var load = run.AsLoad("live");
            md.AppendLine(I($"| {run.TargetPerSecond:0} / {run.AchievedPerSecond:0.0} / {run.AnsweredPerSecond:0.0} | {run.Window.TotalSeconds:0.#} | {run.Created} / {run.SendFailures} | {Pctl(run.PostMs, 0.5):0.0} / {Pctl(run.PostMs, 0.99):0.0} | {run.P50Ms:0.0} / {run.P99Ms:0.0} / {run.P999Ms:0.0} / {run.MaxMs:0.0} | {Pctl(run.AnswerToDeliveryMs, 0.5):0.0} / {Pctl(run.AnswerToDeliveryMs, 0.99):0.0} | {run.MissingDeliveries} / {run.Duplicates} / {run.OutOfOrder} | {run.PeakInFlight} | {Pctl(run.SenderLagMs, 0.99):0.0} | {load.ServerCpuMs:0.000} | {load.ClientCpuMs:0.000} | {Pct(run.Cpu.MachineBusyShare)} |"));
        }

        md.AppendLine();
        md.AppendLine(I($"p99 of each second of the {live.TargetPerSecond:0}/s window, ms: {string.Join(", ", live.SecondP99Ms.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}."));
        var firstErrors = results.LowerRates.Append(live).Where(r => r.FirstError is not null).ToList();
        foreach (var run in firstErrors)
        {
            md.AppendLine().AppendLine(I($"First error at {run.TargetPerSecond:0}/s: {run.FirstError}"));
        }

        md.AppendLine().AppendLine("### Where a message's time goes").AppendLine();
        md.AppendLine("CPU columns are milliseconds of CPU per accepted message over the measured windows (/proc): the server, this process (HTTPS senders and, in the live row, the 50 SignalR clients), and everything else. \"Server alone\" = cores ÷ server CPU per message. Latencies are POST → 201.").AppendLine();
        md.AppendLine("| Run | senders | msg/s | p50 ms | p99 ms | server CPU ms | client CPU ms | other CPU ms | machine busy | server alone msg/s | server threads | failures |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in new[] { paired.Load }.Concat(ingest.Diagnostics).Append(live.AsLoad($"live run: 1 sender at {live.TargetPerSecond:0}/s, fan-out to {live.Members} connections")))
        {
            var other = run.PerSecond > 0 ? run.Cpu.OtherSeconds * 1000 / (run.PerSecond * run.Cpu.WallSeconds) : double.NaN;
            md.AppendLine(I($"| {run.Name} | {run.Clients} | {run.PerSecond:0.0} | {run.Rate.P50Ms:0.0} | {run.Rate.P99Ms:0.0} | {run.ServerCpuMs:0.000} | {run.ClientCpuMs:0.000} | {other:0.000} | {Pct(run.Cpu.MachineBusyShare)} | {run.ServerOnlyPerSecond:0} | {run.Cpu.ServerThreads} | {run.Rate.Failures} |"));
        }

        var errors = new[] { paired.Load }.Concat(ingest.Diagnostics).Where(r => r.FirstError is not null).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine().AppendLine("Errors seen (warm-ups included):").AppendLine();
            foreach (var run in errors)
            {
                md.AppendLine(I($"- {run.Name}: {run.FirstError}"));
            }
        }

        return md.ToString();
    }

    private const string MaxConnectionsNote = "HTTP/1.1, one request per connection: above 256 in flight, sends wait for a connection and the wait counts";

    private static double Pctl(IReadOnlyList<double> sorted, double p) => RateEstimator.Percentile(sorted, p);

    private static double Max(IReadOnlyList<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[^1];

    private static string Verdict(bool met) => met ? "met" : "not met";

    private static string Pct(double ratio) => double.IsFinite(ratio) ? I($"{ratio * 100:0.0}%") : "n/a";

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

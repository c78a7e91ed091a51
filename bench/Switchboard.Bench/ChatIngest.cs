namespace Switchboard.Bench;

/// <summary>Messages accepted per second against the raw durable insert loop, and the diagnostic runs beside it.</summary>
internal sealed record ChatIngestResults(
    PairedResult Ingest,
    IReadOnlyList<BaselineResult> Batched,
    int BatchSize,
    int Chats,
    int RowBytes,
    IReadOnlyList<LoadResult> Diagnostics)
{
    /// <summary>Server ingest ÷ the group-commit ceiling, per round.</summary>
    public IReadOnlyList<double> BatchedRatios => Ingest.Rounds.Select((r, i) => r.Load.PerSecond / Batched[i].PerSecond).ToList();

    public double MedianBatchedPerSecond => RateEstimator.Median(Batched.Select(b => b.PerSecond));

    public double MedianBatchedRatio => RateEstimator.Median(BatchedRatios);
}

/// <summary>
/// Closed-loop senders, each with its own keep-alive HTTPS connection and its own user, posting
/// <c>POST /v1.0/chats/{id}/messages</c> back to back; paired rounds with the raw insert loop
/// (<see cref="RawChatInsert"/>), one message per transaction (the ratio) and a batch per transaction
/// (the group-commit ceiling), each measured next to the load.
/// </summary>
internal static class ChatIngest
{
    public static async Task<ChatIngestResults> RunAsync(
        ServerProcess server, HttpClient client, IReadOnlyList<(string ChatId, ChatUser Sender)> senders, int chats, string bigChatId,
        IReadOnlyList<ChatUser> bigChatMembers, string rawPath, BenchOptions options, Action<string> progress)
    {
        var workers = senders.Select(s => (ILoadWorker)new MessageWorker(client, s.ChatId, s.Sender)).ToList();
        RawChatInsert? raw = null;
        var batched = new List<BaselineResult>();
        var batch = options.ChatBatch;
        BaselineResult Baseline()
        {
            // Created at the first baseline, after the warm-up: it copies a message the server has stored.
            raw ??= RawChatInsert.FromServer(Path.Combine(server.DataDirectory, "switchboard.db"), senders[0].ChatId, rawPath);
            var perTransaction = raw.Measure(1, TimeSpan.FromSeconds(0.3), options.BaselineDuration);
            batched.Add(raw.Measure(batch, TimeSpan.FromSeconds(0.3), options.BaselineDuration));
            return perTransaction;
        }

        try
        {
            var ingest = await LoadRunner.RunPairedAsync(
                $"chat messages, {senders.Count} senders over {chats} chats", server, workers, "raw 1-per-transaction inserts", Baseline, 1, options, progress);
            for (var i = 0; i < batched.Count; i++)
            {
                progress($"  round {i + 1}: group-commit ceiling ({batch} per transaction) {batched[i].PerSecond:0}/s; server at {ingest.Rounds[i].Load.PerSecond / batched[i].PerSecond * 100:0.0}% of it");
            }

            // Diagnostics: every sender in one chat of 51 members (the writer reads the chat's members for each message), and fewer senders.
            var window = TimeSpan.FromSeconds(Math.Max(2, options.Duration.TotalSeconds / 2));
            var warmup = TimeSpan.FromSeconds(1.5);
            var diagnostics = new List<LoadResult>();
            var runs = new List<(string Name, IReadOnlyList<ILoadWorker> Workers)>
            {
                ($"chat messages, {senders.Count} senders in one chat of {bigChatMembers.Count} members (no live connections)",
                    Enumerable.Range(0, senders.Count).Select(i => (ILoadWorker)new MessageWorker(client, bigChatId, bigChatMembers[i % bigChatMembers.Count])).ToList()),
                ($"chat messages, 1 sender, 1 chat (no group commit possible)", new List<ILoadWorker> { new MessageWorker(client, senders[0].ChatId, senders[0].Sender) }),
                ($"chat messages, {Environment.ProcessorCount * 4} senders over {chats} chats", workers.Take(Environment.ProcessorCount * 4).ToList()),
                ($"GET /v1.0/chats/{{id}}, {senders.Count} clients (Graph token check + chat and member reads, no write)",
                    senders.Select(s => (ILoadWorker)new ReadChatWorker(client, s.ChatId, s.Sender)).ToList()),
            };
            foreach (var (name, runWorkers) in runs)
            {
                progress($"diagnostic: {name}");
                var result = await LoadRunner.RunAsync(name, server, runWorkers, warmup, window);
                progress($"  {result.PerSecond:0} msg/s, server {result.ServerCpuMs:0.000} ms CPU/msg, p50 {result.Rate.P50Ms:0.0} ms{(result.Rate.Failures > 0 ? $", {result.Rate.Failures} failures: {result.FirstError}" : "")}");
                diagnostics.Add(result);
            }

            return new ChatIngestResults(ingest, batched, batch, chats, raw?.RowBytes ?? 0, diagnostics);
        }
        finally
        {
            raw?.Dispose();
        }
    }

    /// <summary>The same authenticated Graph request path without the writer: reads the chat as a member.</summary>
    internal sealed class ReadChatWorker(HttpClient client, string chatId, ChatUser user) : ILoadWorker
    {
        public async Task<string?> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"v1.0/chats/{Uri.EscapeDataString(chatId)}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.Token);
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode == System.Net.HttpStatusCode.OK && ChatRequests.TopLevelString(body, "id") == chatId
                ? null
                : $"HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}";
        }
    }

    /// <summary>One sender on one chat. Checks the 201 and that its ids only go up (they are epoch milliseconds, strictly increasing per node).</summary>
    internal sealed class MessageWorker(HttpClient client, string chatId, ChatUser sender) : ILoadWorker
    {
        private long sequence;
        private long lastId;

        public async Task<string?> SendAsync()
        {
            var tag = $"{sender.Index:00}-{Interlocked.Increment(ref sequence)}";
            var (id, error) = await ChatRequests.SendMessageAsync(client, chatId, sender.Token, ChatRequests.Content(tag));
            if (error is not null)
            {
                return error;
            }

            if (id <= Interlocked.Read(ref lastId))
            {
                return $"message id {id} is not after this sender's previous {lastId}";
            }

            Interlocked.Exchange(ref lastId, id);
            return null;
        }
    }
}

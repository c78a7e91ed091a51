using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Switchboard.Bench;

/// <summary>Send-to-delivery latency at a steady send rate, over every (message, member) pair of the measured window.</summary>
internal sealed record ChatLatencyResult(
    int Members,
    double TargetPerSecond,
    double AchievedPerSecond,
    TimeSpan Warmup,
    TimeSpan Window,
    long Sent,
    long Created,
    long SendFailures,
    string? FirstError,
    IReadOnlyList<double> DeliveryMs,
    IReadOnlyList<double> PostMs,
    IReadOnlyList<double> SenderLagMs,
    double WorstSecondP99Ms,
    double BestSecondP99Ms,
    long MissingDeliveries,
    long MessagesNotFullyDelivered,
    long Duplicates,
    long OutOfOrder,
    long Malformed,
    IReadOnlyList<double> AnswerToDeliveryMs,
    IReadOnlyList<double> SecondP99Ms,
    int PeakInFlight,
    double AnsweredPerSecond,
    CpuUsage Cpu)
{
    public double P50Ms => RateEstimator.Percentile(DeliveryMs, 0.50);

    public double P99Ms => RateEstimator.Percentile(DeliveryMs, 0.99);

    public double P999Ms => RateEstimator.Percentile(DeliveryMs, 0.999);

    public double MaxMs => DeliveryMs.Count == 0 ? double.NaN : DeliveryMs[^1];

    /// <summary>
    /// The run as a row of the "where the time goes" table: 201s per second answered inside the CPU window
    /// (not the send rate: a server that falls behind answers fewer than are sent), POST latencies, CPU per message.
    /// </summary>
    public LoadResult AsLoad(string name) => new(name, 1, new WindowRate(AnsweredPerSecond, Created, SendFailures, PostMs), Cpu, FirstError);
}

/// <summary>
/// One sender posts to a group chat at a steady rate (open loop: a pacing thread starts each POST on
/// schedule and never waits for answers), and every other member of the chat listens on the live
/// channel, a SignalR hub at <c>/chat/live</c> (WebSockets, the member's own Graph token, the server's
/// local CA trusted as for the HTTPS clients). For each message the bench keeps when its POST started
/// and when each member's connection received <c>messageCreated</c> for it (matched by message id).
/// </summary>
internal static class ChatLatency
{
    /// <summary>Connects the listeners once, then runs each (rate, warm-up, window) in turn, waiting for its deliveries before the next.</summary>
    public static async Task<IReadOnlyList<ChatLatencyResult>> RunAsync(
        ServerProcess server, ChatUser sender, IReadOnlyList<ChatUser> listeners, string chatId, IReadOnlyList<(int Rate, TimeSpan Warmup, TimeSpan Window)> runs, Action<string> progress)
    {
        progress($"live: connecting {listeners.Count} members to /chat/live (WebSockets)");
        var members = listeners.Select(user => new Listener(server, user, chatId)).ToList();
        try
        {
            foreach (var batch in members.Chunk(10))
            {
                await Task.WhenAll(batch.Select(m => m.Connection.StartAsync()));
            }

            // Up to 256 connections for the sends in flight; 64 opened before the clock starts, so TLS
            // handshakes do not land in the first measured seconds.
            using var client = BenchHttp.Create(server.BaseAddress, server.CaPath, MaxConnections, TimeSpan.FromSeconds(30));
            await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
            {
                using var response = await client.GetAsync("common/discovery/instance");
                await response.Content.ReadAsByteArrayAsync();
            }));

            // One message first: the wiring works, or fail here with a clear error.
            var (checkId, checkError) = await ChatRequests.SendMessageAsync(client, chatId, sender.Token, ChatRequests.Content("live-check"));
            if (checkError is not null)
            {
                throw new InvalidOperationException($"The live check message was refused: {checkError}");
            }

            var checkDeadline = Stopwatch.GetTimestamp() + 15 * Stopwatch.Frequency;
            while (members.Any(m => !m.Has(checkId)) && Stopwatch.GetTimestamp() < checkDeadline)
            {
                await Task.Delay(20);
            }

            var reached = members.Count(m => m.Has(checkId));
            if (reached < members.Count)
            {
                throw new InvalidOperationException($"The live check message reached {reached} of {members.Count} members in 15 s.");
            }

            // The live path's first seconds (tiered compilation of SignalR's send path, socket buffers) are discarded.
            var firstRate = Math.Max(10, runs[0].Rate);
            progress($"live: warm-up, {firstRate} messages/s for {LiveWarmup.TotalSeconds:0} s (discarded)");
            await RunOnceAsync(server, client, sender, members, chatId, firstRate, LiveWarmup, TimeSpan.FromSeconds(1));

            var results = new List<ChatLatencyResult>();
            foreach (var (rate, warmup, window) in runs)
            {
                progress($"live: {rate} messages/s open loop, {warmup.TotalSeconds:0.#} s warm-up (ramp from {RampFrom * 100:0}% over its first half) + {window.TotalSeconds:0.#} s measured, {members.Count} members listening");
                var result = await RunOnceAsync(server, client, sender, members, chatId, rate, warmup, window);
                progress($"  sent {result.AchievedPerSecond:0}/s, {result.Created} created; delivery p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms, max {result.MaxMs:0.0} ms; POST p99 {RateEstimator.Percentile(result.PostMs, 0.99):0.0} ms; {result.MissingDeliveries} deliveries missing");
                results.Add(result);
            }

            return results;
        }
        finally
        {
            foreach (var m in members)
            {
                await m.Connection.DisposeAsync();
            }
        }
    }

    private const int MaxConnections = 256;

    private static readonly TimeSpan LiveWarmup = TimeSpan.FromSeconds(5);

    /// <summary>The warm-up's first half ramps the rate up from this share, so start-up costs do not leave a backlog.</summary>
    private const double RampFrom = 0.1;

    private static async Task<ChatLatencyResult> RunOnceAsync(
        ServerProcess server, HttpClient client, ChatUser sender, List<Listener> members, string chatId, int rate, TimeSpan warmup, TimeSpan window)
    {
        foreach (var m in members)
        {
            m.Reset();
        }

        var offsets = Schedule(rate, warmup, window, out var firstMeasured);
        var total = offsets.Length;
        var scheduled = new long[total];
        var started = new long[total];
        var ended = new long[total];
        var ids = new long[total];
        var tasks = new Task[total];
        string? firstError = null;
        var inFlight = 0;
        var peakInFlight = 0;
        CpuSnapshot before = default, after = default;

        async Task SendAsync(int i)
        {
            started[i] = Stopwatch.GetTimestamp();
            var now = Interlocked.Increment(ref inFlight);
            if (now > Volatile.Read(ref peakInFlight))
            {
                Volatile.Write(ref peakInFlight, now); // approximate: only the pacing thread starts sends
            }

            try
            {
                using var request = ChatRequests.Message(chatId, sender.Token, ChatRequests.Content($"live-{rate}-{i}"));
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsByteArrayAsync();
                ended[i] = Stopwatch.GetTimestamp();
                var (id, error) = ChatRequests.ReadCreated(response.StatusCode, body);
                ids[i] = id;
                if (error is not null)
                {
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                ended[i] = Stopwatch.GetTimestamp();
                Interlocked.CompareExchange(ref firstError, e.GetType().Name + ": " + e.Message, null);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        // The pacing thread: starts message i at t0 + offset[i], catching up at once when a sleep overshoots.
        var pacing = Task.Factory.StartNew(
            () =>
            {
                var t0 = Stopwatch.GetTimestamp();
                for (var i = 0; i < total; i++)
                {
                    var due = t0 + offsets[i];
                    while (Stopwatch.GetTimestamp() < due)
                    {
                        Thread.Sleep(1);
                    }

                    if (i == firstMeasured)
                    {
                        before = CpuSnapshot.Take(server.Pid);
                    }

                    scheduled[i] = due;
                    tasks[i] = SendAsync(i);
                }

                after = CpuSnapshot.Take(server.Pid);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        await pacing;
        await Task.WhenAll(tasks);

        // Wait for the deliveries: until every member has every created message, or nothing has moved for 5 s.
        var created = ids.Count(id => id > 0);
        var lastProgress = Stopwatch.GetTimestamp();
        var lastCount = -1L;
        while (!members.All(m => m.Count >= created))
        {
            var count = members.Sum(m => (long)m.Count);
            if (count != lastCount)
            {
                lastCount = count;
                lastProgress = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(lastProgress) > TimeSpan.FromSeconds(5))
            {
                break;
            }

            await Task.Delay(50);
        }

        var answered = Enumerable.Range(0, total).Count(i => ids[i] > 0 && ended[i] >= before.Timestamp && ended[i] <= after.Timestamp);
        var cpu = after - before;
        return Analyse(members, rate, warmup, window, firstMeasured, total, scheduled, started, ended, ids, firstError, peakInFlight, answered / cpu.WallSeconds, cpu);
    }

    /// <summary>
    /// Start offsets (Stopwatch ticks) of every message: the warm-up's first half ramps linearly from
    /// <see cref="RampFrom"/> × rate to the rate, then the rate holds through the rest of the warm-up and the window.
    /// </summary>
    private static long[] Schedule(int rate, TimeSpan warmup, TimeSpan window, out int firstMeasured)
    {
        var ramp = warmup.TotalSeconds / 2;
        var offsets = new List<long>();
        var t = 0.0;
        while (t < warmup.TotalSeconds)
        {
            offsets.Add((long)(t * Stopwatch.Frequency));
            var current = t < ramp ? rate * (RampFrom + ((1 - RampFrom) * t / ramp)) : rate;
            t += 1 / current;
        }

        firstMeasured = offsets.Count;
        var measured = (int)Math.Round(window.TotalSeconds * rate);
        for (var i = 0; i < measured; i++)
        {
            offsets.Add((long)((warmup.TotalSeconds + (i / (double)rate)) * Stopwatch.Frequency));
        }

        return [.. offsets];
    }

    private static ChatLatencyResult Analyse(
        List<Listener> members, int rate, TimeSpan warmup, TimeSpan window, int firstMeasured, int total,
        long[] scheduled, long[] started, long[] ended, long[] ids, string? firstError, int peakInFlight, double answeredPerSecond, CpuUsage cpu)
    {
        var index = new Dictionary<long, int>();
        for (var i = firstMeasured; i < total; i++)
        {
            if (ids[i] > 0)
            {
                index[ids[i]] = i;
            }
        }

        var measured = total - firstMeasured;
        var reached = new int[total];
        var latencies = new List<double>(index.Count * members.Count);
        var afterAnswer = new List<double>(index.Count * members.Count);
        var perSecond = new List<double>[(int)Math.Ceiling(window.TotalSeconds) + 1];
        long duplicates = 0, outOfOrder = 0;
        foreach (var member in members)
        {
            var seen = new bool[total];
            var previous = 0L;
            foreach (var (id, at) in member.Deliveries)
            {
                if (id < previous)
                {
                    outOfOrder++;
                }

                previous = Math.Max(previous, id);
                if (!index.TryGetValue(id, out var i))
                {
                    continue; // warm-up
                }

                if (seen[i])
                {
                    duplicates++;
                    continue;
                }

                seen[i] = true;
                reached[i]++;
                var ms = Stopwatch.GetElapsedTime(started[i], at).TotalMilliseconds;
                latencies.Add(ms);
                afterAnswer.Add(Stopwatch.GetElapsedTime(ended[i], at).TotalMilliseconds);
                (perSecond[(i - firstMeasured) / rate] ??= []).Add(ms);
            }
        }

        latencies.Sort();
        afterAnswer.Sort();
        var secondP99 = perSecond.Where(s => s is { Count: > 0 }).Select(s =>
        {
            s.Sort();
            return RateEstimator.Percentile(s, 0.99);
        }).ToList();
        var missing = index.Values.Sum(i => (long)(members.Count - reached[i]));
        var notFully = index.Values.Count(i => reached[i] < members.Count);
        var post = Enumerable.Range(firstMeasured, measured).Where(i => ids[i] > 0).Select(i => Stopwatch.GetElapsedTime(started[i], ended[i]).TotalMilliseconds).Order().ToList();
        var lag = Enumerable.Range(firstMeasured, measured).Select(i => Stopwatch.GetElapsedTime(scheduled[i], started[i]).TotalMilliseconds).Order().ToList();
        var span = Stopwatch.GetElapsedTime(started[firstMeasured], started[total - 1]).TotalSeconds;
        return new ChatLatencyResult(
            members.Count,
            rate,
            span > 0 ? (measured - 1) / span : double.NaN,
            warmup,
            window,
            measured,
            index.Count,
            measured - index.Count,
            firstError,
            latencies,
            post,
            lag,
            secondP99.Count > 0 ? secondP99.Max() : double.NaN,
            secondP99.Count > 0 ? secondP99.Min() : double.NaN,
            missing,
            notFully,
            duplicates,
            outOfOrder,
            members.Sum(m => (long)m.Malformed),
            afterAnswer,
            secondP99,
            peakInFlight,
            answeredPerSecond,
            cpu);
    }

    /// <summary>One member's live connection and what it received, in arrival order.</summary>
    private sealed class Listener
    {
        private readonly string chatId;
        private readonly List<(long Id, long At)> deliveries = new(capacity: 32_768);
        private int count;
        private int malformed;

        public Listener(ServerProcess server, ChatUser user, string chatId)
        {
            this.chatId = chatId;
            var trust = BenchHttp.Trust(server.CaPath);
            Connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server.BaseAddress, "chat/live"), o =>
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(user.Token);
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                    o.WebSocketConfiguration = ws => ws.RemoteCertificateValidationCallback = trust;
                    o.HttpMessageHandlerFactory = handler =>
                    {
                        if (handler is HttpClientHandler http)
                        {
                            http.ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) => trust(request, certificate, chain, errors);
                        }

                        return handler;
                    };
                })
                .Build();
            Connection.On<LiveEvent>("messageCreated", OnMessage);
        }

        public HubConnection Connection { get; }

        public int Count => Volatile.Read(ref count);

        public int Malformed => Volatile.Read(ref malformed);

        public IReadOnlyList<(long Id, long At)> Deliveries
        {
            get
            {
                lock (deliveries)
                {
                    return deliveries.ToList();
                }
            }
        }

        public bool Has(long id)
        {
            lock (deliveries)
            {
                return deliveries.Any(d => d.Id == id);
            }
        }

        public void Reset()
        {
            lock (deliveries)
            {
                deliveries.Clear();
                Volatile.Write(ref count, 0);
            }
        }

        private void OnMessage(LiveEvent e)
        {
            var at = Stopwatch.GetTimestamp();
            if (e.ChatId != chatId)
            {
                return; // another chat's event
            }

            if (!long.TryParse(e.Id, out var id) || e.Data?.Id != e.Id)
            {
                Interlocked.Increment(ref malformed);
                return;
            }

            lock (deliveries)
            {
                deliveries.Add((id, at));
                count++;
            }
        }
    }

    /// <summary>The <c>messageCreated</c> argument; only what the bench checks is bound, the rest of the chatMessage is skipped.</summary>
    private sealed class LiveEvent
    {
        [JsonPropertyName("chatId")]
        public string? ChatId { get; set; }

        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("data")]
        public LiveData? Data { get; set; }
    }

    private sealed class LiveData
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }
    }
}

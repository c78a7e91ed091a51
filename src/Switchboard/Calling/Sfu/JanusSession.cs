using System.Collections.Concurrent;
using System.Text.Json;

namespace Switchboard.Calling.Sfu;

/// <summary>
/// One Janus session over the HTTP API: requests with transactions, one long poll that receives events and
/// routes them (to the request waiting on that transaction, else to the handle's sink), and keepalives.
/// </summary>
internal sealed class JanusSession : IAsyncDisposable
{
    public const string HttpClientName = "janus";

    private readonly HttpClient http;
    private readonly JanusInstance instance;
    private readonly JanusOptions options;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JanusMessage>> waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Action<JanusMessage>> sinks = new();
    private readonly CancellationTokenSource stop;
    private readonly Uri sessionUri;
    private Task loops = Task.CompletedTask;
    private int lost;

    private JanusSession(HttpClient http, JanusInstance instance, JanusOptions options, long id)
    {
        this.http = http;
        this.instance = instance;
        this.options = options;
        Id = id;
        sessionUri = new Uri(instance.Api, id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/");
        stop = CancellationTokenSource.CreateLinkedTokenSource(instance.Gone);
    }

    public long Id { get; }

    /// <summary>Raised once when the session is lost (Janus gone, restarted, or it forgot the session).</summary>
    public event Action<string>? Lost;

    public static async Task<SfuResult<JanusSession>> CreateAsync(HttpClient http, JanusInstance instance, JanusOptions options, CancellationToken cancellationToken)
    {
        var reply = await PostAsync(http, instance, options, instance.Api, new JanusRequest("create", NewTransaction()), cancellationToken);
        if (!reply.IsSuccess)
        {
            return reply.Cast<JanusSession>();
        }

        if (reply.Value.Data is not { } data)
        {
            return SfuResult<JanusSession>.Fail(SfuErrorCode.Refused, "Janus answered create without a session id.");
        }

        var session = new JanusSession(http, instance, options, data.Id);
        session.loops = Task.WhenAll(session.PollAsync(), session.KeepAliveAsync());
        return SfuResult<JanusSession>.Ok(session);
    }

    /// <summary>Attaches a VideoRoom handle; events for it without a waiting transaction go to <paramref name="sink"/>.</summary>
    public async Task<SfuResult<long>> AttachAsync(Action<JanusMessage> sink, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(sessionUri, new JanusRequest("attach", NewTransaction()) { Plugin = "janus.plugin.videoroom" }, false, cancellationToken);
        if (!reply.IsSuccess)
        {
            return reply.Cast<long>();
        }

        var handle = reply.Value.Data?.Id ?? 0;
        sinks[handle] = sink;
        return SfuResult<long>.Ok(handle);
    }

    /// <summary>
    /// A plugin message. Synchronous VideoRoom requests answer at once (<c>success</c>); asynchronous ones are
    /// acknowledged and answered by an event on the long poll, which this waits for.
    /// </summary>
    public Task<SfuResult<JanusMessage>> MessageAsync(long handle, object body, JanusJsep? jsep, CancellationToken cancellationToken)
        => SendAsync(HandleUri(handle), new JanusRequest("message", NewTransaction())
        {
            Body = JsonSerializer.SerializeToElement(body, body.GetType(), JanusJson.Options),
            Jsep = jsep,
        }, true, cancellationToken);

    public Task<SfuResult<JanusMessage>> TrickleAsync(long handle, JsonElement candidate, CancellationToken cancellationToken)
        => SendAsync(HandleUri(handle), new JanusRequest("trickle", NewTransaction()) { Candidate = candidate }, false, cancellationToken);

    public async Task DetachAsync(long handle, CancellationToken cancellationToken)
    {
        sinks.TryRemove(handle, out _);
        await SendAsync(HandleUri(handle), new JanusRequest("detach", NewTransaction()), false, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref lost, 1) == 0 && !instance.Gone.IsCancellationRequested)
        {
            using var timeout = new CancellationTokenSource(options.RequestTimeout);
            await SendAsync(sessionUri, new JanusRequest("destroy", NewTransaction()), false, timeout.Token);
        }

        await stop.CancelAsync();
        await loops;
        stop.Dispose();
    }

    private Uri HandleUri(long handle) => new(sessionUri, handle.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private async Task<SfuResult<JanusMessage>> SendAsync(Uri uri, JanusRequest request, bool awaitEvent, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref lost) == 1)
        {
            return SfuResult<JanusMessage>.Fail(SfuErrorCode.RoomClosed, "The Janus session is gone.");
        }

        // Registered before posting: the event can come back on the long poll before the POST's ack does.
        var answer = new TaskCompletionSource<JanusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[request.Transaction] = answer;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop.Token);
            var reply = await PostAsync(http, instance, options, uri, request, linked.Token);
            if (!reply.IsSuccess || !awaitEvent || reply.Value.Janus != "ack")
            {
                return reply;
            }

            try
            {
                return SfuResult<JanusMessage>.Ok(await answer.Task.WaitAsync(options.RequestTimeout, linked.Token));
            }
            catch (TimeoutException)
            {
                return SfuResult<JanusMessage>.Fail(SfuErrorCode.Timeout, $"Janus did not answer {request.Janus} in time.");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return SfuResult<JanusMessage>.Fail(SfuErrorCode.RoomClosed, "The Janus session is gone.");
            }
        }
        finally
        {
            waiting.TryRemove(request.Transaction, out _);
        }
    }

    private static async Task<SfuResult<JanusMessage>> PostAsync(HttpClient http, JanusInstance instance, JanusOptions options, Uri uri, JanusRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var response = await http.PostAsJsonAsync(uri, request with { Apisecret = instance.ApiSecret }, JanusJson.Options, timeout.Token);
            var message = await response.Content.ReadFromJsonAsync<JanusMessage>(JanusJson.Options, timeout.Token);
            return message switch
            {
                null => SfuResult<JanusMessage>.Fail(SfuErrorCode.Refused, "Janus sent an empty answer."),
                { Janus: "error", Error: var error } => SfuResult<JanusMessage>.Fail(
                    error?.Code == JanusErrorCodes.SessionNotFound ? SfuErrorCode.RoomClosed : SfuErrorCode.Refused,
                    error?.Reason ?? "Janus refused the request.",
                    error?.Code),
                _ => SfuResult<JanusMessage>.Ok(message),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SfuResult<JanusMessage>.Fail(SfuErrorCode.Timeout, $"Janus did not answer {request.Janus} in time.");
        }
        catch (HttpRequestException e)
        {
            return SfuResult<JanusMessage>.Fail(SfuErrorCode.Unavailable, $"Janus is not reachable ({e.HttpRequestError}).");
        }
        catch (JsonException)
        {
            return SfuResult<JanusMessage>.Fail(SfuErrorCode.Refused, "Janus sent something that is not its JSON.");
        }
    }

    private async Task PollAsync()
    {
        // The secret goes in the query string for GET; the named client logs no URIs.
        var uri = new Uri(sessionUri, $"?maxev=20&apisecret={Uri.EscapeDataString(instance.ApiSecret ?? "")}");
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // Janus holds the poll up to 30 s and then answers a keepalive.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(45));
                using var response = await http.GetAsync(uri, timeout.Token);
                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), default, timeout.Token);
                var messages = document.RootElement.ValueKind == JsonValueKind.Array
                    ? document.RootElement.Deserialize<List<JanusMessage>>(JanusJson.Options) ?? []
                    : [document.RootElement.Deserialize<JanusMessage>(JanusJson.Options)!];
                failures = 0;
                foreach (var message in messages)
                {
                    if (message is { Janus: "error", Error.Code: JanusErrorCodes.SessionNotFound })
                    {
                        MarkLost("Janus no longer knows the session (restarted or timed out).");
                        return;
                    }

                    Route(message);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
            {
                // One hiccup is tolerated; Janus gone for two polls in a row is lost.
                if (++failures >= 2)
                {
                    MarkLost("Janus stopped answering.");
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }
        }

        if (instance.Gone.IsCancellationRequested)
        {
            MarkLost("Janus exited.");
        }
    }

    private void Route(JanusMessage message)
    {
        if (message.Janus == "keepalive")
        {
            return;
        }

        if (message.Transaction is { } transaction && waiting.TryRemove(transaction, out var answer))
        {
            answer.TrySetResult(message);
            return;
        }

        if (message.Sender is { } sender && sinks.TryGetValue(sender, out var sink))
        {
            sink(message);
        }
    }

    private async Task KeepAliveAsync()
    {
        using var timer = new PeriodicTimer(options.KeepaliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                await SendAsync(sessionUri, new JanusRequest("keepalive", NewTransaction()), false, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void MarkLost(string reason)
    {
        if (Interlocked.Exchange(ref lost, 1) == 0)
        {
            foreach (var waiter in waiting.Values)
            {
                waiter.TrySetCanceled();
            }

            Lost?.Invoke(reason);
        }
    }

    private static string NewTransaction() => Guid.NewGuid().ToString("N");
}

internal static class JanusErrorCodes
{
    /// <summary><c>JANUS_ERROR_SESSION_NOT_FOUND</c>.</summary>
    public const int SessionNotFound = 458;

    /// <summary><c>JANUS_ERROR_UNAUTHORIZED</c>: wrong or missing API secret.</summary>
    public const int Unauthorized = 403;
}

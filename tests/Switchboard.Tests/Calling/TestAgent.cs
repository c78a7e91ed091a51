using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Calling;

/// <summary>
/// A call agent endpoint speaking the signaling protocol (docs/calling-protocol.md) over a real
/// WebSocket, for tests of the server's state machine without a browser.
/// </summary>
public sealed class TestAgent : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly Channel<JsonElement> frames = Channel.CreateUnbounded<JsonElement>();
    private readonly Task reader;

    private TestAgent(ClientWebSocket socket, JsonElement connected)
    {
        this.socket = socket;
        Connected = connected;
        reader = ReadAsync();
    }

    public JsonElement Connected { get; }

    public string EndpointId => Connected.GetProperty("endpointId").GetString()!;

    public string ResumeToken => Connected.GetProperty("resumeToken").GetString()!;

    public string RawId => Connected.GetProperty("identity").GetProperty("rawId").GetString()!;

    public List<JsonElement> Received { get; } = [];

    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    /// <summary>A Fabrikam Teams user: password grant for Contoso Calls, then Contoso's server exchanges it for an ACS token.</summary>
    public static async Task<string> TeamsTokenAsync(SwitchboardServer server, string upn, string password, string userId)
    {
        using var http = server.CreateClient();
        var entra = await OAuthClient.PasswordAsync(http, upn, password, TestDirectory.ManageCalls + " " + TestDirectory.ManageChats);
        Assert.True(entra.Status == HttpStatusCode.OK, entra.Body.ToString());
        using var acs = new AcsClient(server, AcsClient.Key("contoso-acs"));
        var exchanged = await acs.ExchangeAsync(JsonSerializer.Serialize(new { token = entra["access_token"], appId = TestDirectory.ContosoCalls, userId }));
        Assert.True(exchanged.Status == HttpStatusCode.OK, exchanged.Body.ToString());
        return exchanged.Body.GetProperty("token").GetString()!;
    }

    public static async Task<TestAgent> ConnectAsync(SwitchboardServer server, string token, string? resume = null, string? displayName = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => server.Trusts(certificate, errors);
        var url = server.Origin.Replace("https://", "wss://", StringComparison.Ordinal) + "/calling/agent?access_token=" + Uri.EscapeDataString(token)
            + (resume is null ? "" : "&resume=" + Uri.EscapeDataString(resume))
            + (displayName is null ? "" : "&displayName=" + Uri.EscapeDataString(displayName));
        await socket.ConnectAsync(new Uri(url), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        var first = await ReceiveOneAsync(socket);
        Assert.Equal("agent.connected", first!.Value.GetProperty("type").GetString());
        return new TestAgent(socket, first.Value);
    }

    public Task SendAsync(object frame)
        => socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next frame of <paramref name="type"/> (matching <paramref name="predicate"/>), skipping others.</summary>
    public async Task<JsonElement> NextAsync(string type, Func<JsonElement, bool>? predicate = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var frame = await frames.Reader.ReadAsync(cancel.Token);
            if (frame.GetProperty("type").GetString() == type && (predicate is null || predicate(frame)))
            {
                return frame;
            }
        }
    }

    /// <summary>A frame of <paramref name="type"/> received at any time so far or within the timeout (order-independent; the history is kept).</summary>
    public async Task<JsonElement> SeenAsync(string type, Func<JsonElement, bool>? predicate = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            lock (Received)
            {
                foreach (var frame in Received)
                {
                    if (frame.GetProperty("type").GetString() == type && (predicate is null || predicate(frame)))
                    {
                        return frame;
                    }
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No '{type}' frame matched.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every frame of <paramref name="type"/> for <paramref name="callId"/> received so far.</summary>
    public List<JsonElement> All(string type, string callId)
    {
        lock (Received)
        {
            return Received.Where(f => f.GetProperty("type").GetString() == type && f.TryGetProperty("callId", out var c) && c.GetString() == callId).ToList();
        }
    }

    /// <summary>The answer to the request <paramref name="requestId"/>, whatever its type (ack, error, call.created).</summary>
    public async Task<JsonElement> ReplyAsync(string requestId, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var frame = await frames.Reader.ReadAsync(cancel.Token);
            if (frame.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == requestId)
            {
                return frame;
            }
        }
    }

    /// <summary>Sends <paramref name="type"/> with a fresh requestId and the fields of <paramref name="fields"/>; returns the answer.</summary>
    public async Task<JsonElement> RequestAsync(string type, object fields)
    {
        var requestId = Guid.NewGuid().ToString("N");
        var frame = JsonSerializer.SerializeToNode(fields)!.AsObject();
        frame["type"] = type;
        frame["requestId"] = requestId;
        await SendAsync(frame);
        return await ReplyAsync(requestId);
    }

    public Task<JsonElement> EndedAsync(string callId, TimeSpan? timeout = null)
        => NextAsync("call.ended", f => f.GetProperty("callId").GetString() == callId, timeout);

    public Task<JsonElement> StateAsync(string callId, string state)
        => NextAsync("call.state", f => f.GetProperty("callId").GetString() == callId && f.GetProperty("state").GetString() == state);

    public async Task<string> StartCallAsync(string target, string? threadId = null)
    {
        var requestId = Guid.NewGuid().ToString("N");
        await SendAsync(new { type = "call.start", requestId, targets = new[] { target }, threadId, video = false });
        var created = await NextAsync("call.created", f => f.GetProperty("requestId").GetString() == requestId);
        return created.GetProperty("call").GetProperty("callId").GetString()!;
    }

    /// <summary>Drops the connection without a close handshake, as a network loss does.</summary>
    public void Drop() => socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        socket.Dispose();
        await reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await ReceiveOneAsync(socket) is { } frame)
            {
                lock (Received)
                {
                    Received.Add(frame);
                }

                frames.Writer.TryWrite(frame);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            frames.Writer.TryComplete();
        }
    }

    private static async Task<JsonElement?> ReceiveOneAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
            }
        }
    }
}

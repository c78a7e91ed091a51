using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Switchboard.Calling.Signaling;

/// <summary>
/// One endpoint of a user: a call agent's WebSocket. Frames to the client go through a queue, so a
/// dropped socket keeps what was sent while it was away and a resumed one receives it in order.
/// </summary>
internal sealed class AgentConnection
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<string> outbound = Channel.CreateBounded<string>(new BoundedChannelOptions(2048) { FullMode = BoundedChannelFullMode.DropOldest });
    private WebSocket? socket;
    private CancellationTokenSource? attachment;

    public AgentConnection(CallIdentity identity, string token, DateTimeOffset tokenExpires)
    {
        Identity = identity;
        Token = token;
        TokenExpires = tokenExpires;
    }

    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Secret handed only to this endpoint: resuming needs it and the same identity's token.</summary>
    public string ResumeToken { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public CallIdentity Identity { get; }

    public string Token { get; set; }

    public DateTimeOffset TokenExpires { get; set; }

    public DateTimeOffset? DetachedAt { get; private set; }

    public bool IsClosed { get; private set; }

    /// <summary>Calls this endpoint rings for or takes part in.</summary>
    public HashSet<string> Calls { get; } = [];

    public void Send(object message) => outbound.Writer.TryWrite(JsonSerializer.Serialize(message, message.GetType(), Json));

    /// <summary>
    /// Pumps queued frames into <paramref name="webSocket"/> until it closes, the endpoint is closed, or a
    /// newer socket takes over (a resume can arrive before the server notices the old socket died).
    /// </summary>
    public async Task AttachAsync(WebSocket webSocket, CancellationToken cancellationToken)
    {
        var previous = socket;
        var previousPump = attachment;
        attachment = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancellationToken = attachment.Token;
        socket = webSocket;
        DetachedAt = null;
        if (previousPump is not null)
        {
            await previousPump.CancelAsync();
        }

        previous?.Abort();
        while (await outbound.Reader.WaitToReadAsync(cancellationToken))
        {
            while (outbound.Reader.TryPeek(out var frame))
            {
                if (webSocket.State != WebSocketState.Open)
                {
                    return;
                }

                await webSocket.SendAsync(System.Text.Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, cancellationToken);
                outbound.Reader.TryRead(out _);
            }
        }
    }

    /// <summary>Marks the endpoint as waiting for a resume, unless <paramref name="webSocket"/> was already replaced.</summary>
    public bool Detach(WebSocket webSocket, DateTimeOffset now)
    {
        if (!ReferenceEquals(socket, webSocket))
        {
            return false;
        }

        socket = null;
        DetachedAt = now;
        return true;
    }

    /// <summary>Ends the endpoint: nothing more is sent, and an open socket is closed with <paramref name="closeStatus"/>.</summary>
    public async Task CloseAsync(WebSocketCloseStatus closeStatus, string reason)
    {
        IsClosed = true;
        outbound.Writer.TryComplete();
        if (socket is { State: WebSocketState.Open } open)
        {
            try
            {
                // Let queued frames (call.ended, agent.disconnected) go out first.
                await Task.Delay(100);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await open.CloseOutputAsync(closeStatus, reason, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The socket went away on its own.
            }
        }
    }
}

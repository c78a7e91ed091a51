using Switchboard.Calling.Signaling;

namespace Switchboard.Calling.Calls;

/// <summary>
/// The server's authoritative state of one call: who rings, who answered, the phase, holds and each
/// side's media. Changed only under <see cref="Gate"/> by <see cref="CallController"/>.
/// </summary>
internal sealed class Call(string id, string? threadId, AgentConnection caller, CallIdentity callee, DateTimeOffset createdAt)
{
    public string Id { get; } = id;

    public string? ThreadId { get; } = threadId;

    public AgentConnection Caller { get; } = caller;

    public CallIdentity Callee { get; } = callee;

    public List<AgentConnection> Ringing { get; } = [];

    public AgentConnection? Answered { get; set; }

    public CallPhase Phase { get; set; } = CallPhase.Ringing;

    /// <summary>A callee endpoint has alerted its user (the caller's <c>Ringing</c>, like SIP 180).</summary>
    public bool Alerted { get; set; }

    public HashSet<string> Holding { get; } = [];

    public Dictionary<string, MediaState> Media { get; } = [];

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset? ConnectedAt { get; set; }

    public ITimer? RingTimer { get; set; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    private int recorded;

    /// <summary>True the first time only: the ended call is written to its chat once, whichever path ends it.</summary>
    public bool TryMarkRecorded() => Interlocked.Exchange(ref recorded, 1) == 0;

    public bool IsParty(AgentConnection endpoint) => endpoint == Caller || endpoint == Answered;

    public AgentConnection? PeerOf(AgentConnection endpoint) => endpoint == Caller ? Answered : endpoint == Answered ? Caller : null;

    public CallIdentity IdentityOf(AgentConnection endpoint) => endpoint == Caller ? Caller.Identity : Callee;
}

internal enum CallPhase
{
    Ringing,
    Connecting,
    Connected,
    Ended,
}

/// <summary>What an endpoint said about its media: muted, and its video streams by purpose.</summary>
internal sealed record MediaState(bool IsMuted, IReadOnlyList<StreamInfo> Streams);

internal sealed record StreamInfo(int Id, string MediaStreamType, string? Mid);

using Switchboard.Calling.Signaling;

namespace Switchboard.Calling.Calls;

/// <summary>
/// The server's authoritative state of one call: its parties (one per user: ringing, joined or gone),
/// the phase, and the media topology. Changed only under <see cref="Gate"/> by <see cref="CallController"/>.
/// </summary>
internal sealed class Call(string id, CallKind kind, string? threadId, CallIdentity initiator, DateTimeOffset createdAt)
{
    public string Id { get; } = id;

    public CallKind Kind { get; } = kind;

    /// <summary>Group calls, meetings and rooms live while anyone is in them; a direct call ends when one side leaves.</summary>
    public bool IsGroup { get; set; } = kind != CallKind.Direct;

    public string? ThreadId { get; } = threadId;

    public CallIdentity Initiator { get; } = initiator;

    /// <summary>The meeting id or room group id this call belongs to (null for calls placed with startCall).</summary>
    public string? RoomKey { get; init; }

    public List<Party> Parties { get; } = [];

    public CallPhase Phase { get; set; } = CallPhase.Ringing;

    public IMediaTopology Topology { get; set; } = MeshTopology.Instance;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset? ConnectedAt { get; set; }

    /// <summary>Users who were in the call at some point (the chat record's participants).</summary>
    public HashSet<Guid> Attended { get; } = [];

    /// <summary>Speakers, most recent first (<c>speakers</c> frames, DominantSpeakers).</summary>
    public List<Party> Speakers { get; } = [];

    /// <summary>A blind transfer this call carries out for the transferor's call: told when the target answers or fails.</summary>
    public PendingTransfer? Transfer { get; set; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Work to run once the gate is released (it touches other calls, which take their own gates).</summary>
    public List<Func<Task>> Deferred { get; } = [];

    private int recorded;

    /// <summary>True the first time only: the ended call is written to its chat once, whichever path ends it.</summary>
    public bool TryMarkRecorded() => Interlocked.Exchange(ref recorded, 1) == 0;

    public IEnumerable<Party> Present => Parties.Where(p => !p.Left);

    public IEnumerable<Party> Joined => Parties.Where(p => !p.Left && p.Endpoint is not null);

    public Party? PartyOf(AgentConnection endpoint) => Parties.FirstOrDefault(p => !p.Left && (p.Endpoint == endpoint || p.Ringing.Contains(endpoint)));

    public Party? PartyOf(string rawId) => Parties.FirstOrDefault(p => !p.Left && string.Equals(p.Identity.RawId, rawId, StringComparison.OrdinalIgnoreCase));

    public Party? JoinedParty(AgentConnection endpoint) => Parties.FirstOrDefault(p => !p.Left && p.Endpoint == endpoint);
}

internal enum CallKind
{
    Direct,
    Group,
    Meeting,
    Room,
}

internal enum CallPhase
{
    Ringing,
    Active,
    Ended,
}

/// <summary>What an endpoint said about its media: muted, and its video streams by purpose.</summary>
internal sealed record MediaState(bool IsMuted, IReadOnlyList<StreamInfo> Streams)
{
    public static readonly MediaState Empty = new(false, []);
}

/// <summary>A sent video stream: its id (1 camera, 2 screen), type, and its transceiver's mid on each link (by peer endpoint id); <see cref="Mid"/> when the sender named one mid for all.</summary>
internal sealed record StreamInfo(int Id, string MediaStreamType, string? Mid, IReadOnlyDictionary<string, string> MidsByLink);

/// <summary>A blind transfer in flight: the transferor's call and endpoint, and the transferee's party there.</summary>
internal sealed record PendingTransfer(Call Original, AgentConnection Transferor, AgentConnection Transferee, string RequestId);

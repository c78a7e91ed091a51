using Switchboard.Calling.Signaling;

namespace Switchboard.Calling.Calls;

/// <summary>
/// One user in a call: ringing on their endpoints, joined on one of them, or gone with a reason. The
/// other parties see it as a remote participant.
/// </summary>
internal sealed class Party(CallIdentity identity)
{
    public CallIdentity Identity { get; } = identity;

    /// <summary>Endpoints alerting the user (before an answer).</summary>
    public List<AgentConnection> Ringing { get; } = [];

    /// <summary>The endpoint that answered or joined.</summary>
    public AgentConnection? Endpoint { get; set; }

    /// <summary>An endpoint alerted its user (<c>Ringing</c>, like SIP 180).</summary>
    public bool Alerted { get; set; }

    /// <summary>Media reached this party (or it sits alone in a room): <c>Connected</c>.</summary>
    public bool MediaUp { get; set; }

    /// <summary>This party placed or joined the call itself (its view says <c>Outgoing</c>).</summary>
    public bool Outgoing { get; init; }

    public bool Holding { get; set; }

    public bool IsSpeaking { get; set; }

    public MediaState Media { get; set; } = MediaState.Empty;

    /// <summary>Who rang this user in (the caller, or whoever added them): their <c>callerInfo</c>.</summary>
    public CallIdentity? Inviter { get; init; }

    /// <summary>Who transferred or forwarded the call to this user (<c>transferorInfo</c>).</summary>
    public CallIdentity? Transferor { get; set; }

    /// <summary>Users this ring already went through by forwarding (loop guard), and the hop count.</summary>
    public HashSet<string> Visited { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the user's forwarding and unanswered settings apply to this ring.</summary>
    public bool Forwardable { get; init; } = true;

    public ITimer? RingTimer { get; set; }

    public bool Left { get; set; }

    public CallEndReason? EndReason { get; set; }
}

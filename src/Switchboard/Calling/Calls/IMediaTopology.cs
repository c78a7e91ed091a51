using Switchboard.Calling.Signaling;

namespace Switchboard.Calling.Calls;

/// <summary>
/// How a call's media flows: the seam between the call state machine and the media plane. Mesh (every
/// pair of endpoints negotiates a link) today; an SFU topology (a <c>pub</c> and a <c>sub</c> link per
/// endpoint, SDP relayed to Janus) plugs in here and tells clients with <c>call.media { topology }</c>.
/// Called under the call's gate.
/// </summary>
internal interface IMediaTopology
{
    /// <summary>The name clients see (<c>mesh</c>, <c>sfu</c>).</summary>
    string Name { get; }

    /// <summary>A party's endpoint joined the call: set up its links with everyone present.</summary>
    void Joined(Call call, Party party);

    /// <summary>A party's endpoint left: its links close.</summary>
    void Left(Call call, AgentConnection endpoint);

    /// <summary>The call moves to another topology: every link of this one closes (<c>link.closed</c> to each endpoint).</summary>
    void Detach(Call call);

    /// <summary>A <c>signal</c> frame from <paramref name="from"/> for its link <paramref name="link"/>; false when the link is unknown.</summary>
    bool Relay(Call call, AgentConnection from, string? link, object? description, object? candidate);

    /// <summary>The link over which <paramref name="viewer"/> receives <paramref name="sender"/>'s media.</summary>
    string? LinkFor(AgentConnection viewer, AgentConnection sender);
}

using Switchboard.Calling.Signaling;

namespace Switchboard.Calling.Calls;

/// <summary>
/// Every pair of joined endpoints negotiates one RTCPeerConnection, named on each side by the peer's
/// endpoint id. The endpoint already in the call is impolite (makes the first offer); the joiner is
/// polite, so one rule fits the 1:1 call (caller first) and late joiners alike.
/// </summary>
internal sealed class MeshTopology : IMediaTopology
{
    public static readonly MeshTopology Instance = new();

    public string Name => "mesh";

    public void Joined(Call call, Party party)
    {
        var joiner = party.Endpoint!;
        foreach (var other in call.Joined.Where(p => p != party))
        {
            var present = other.Endpoint!;
            present.Send(new { type = "call.negotiate", callId = call.Id, link = joiner.Id, peerEndpointId = joiner.Id, peerRawId = party.Identity.RawId, polite = false });
            joiner.Send(new { type = "call.negotiate", callId = call.Id, link = present.Id, peerEndpointId = present.Id, peerRawId = other.Identity.RawId, polite = true });
        }
    }

    public void Left(Call call, AgentConnection endpoint)
    {
        foreach (var other in call.Joined.Where(p => p.Endpoint != endpoint))
        {
            other.Endpoint!.Send(new { type = "link.closed", callId = call.Id, link = endpoint.Id });
        }
    }

    public void Detach(Call call)
    {
        foreach (var party in call.Joined)
        {
            Left(call, party.Endpoint!);
        }
    }

    public bool Relay(Call call, AgentConnection from, string? link, object? description, object? candidate)
    {
        var peers = call.Joined.Select(p => p.Endpoint!).Where(e => e != from).ToList();
        var to = link is null ? (peers.Count == 1 ? peers[0] : null) : peers.FirstOrDefault(e => e.Id == link);
        if (to is null)
        {
            return false;
        }

        to.Send(new { type = "signal", callId = call.Id, link = from.Id, fromEndpointId = from.Id, description, candidate });
        return true;
    }

    public string? LinkFor(AgentConnection viewer, AgentConnection sender) => sender.Id;
}

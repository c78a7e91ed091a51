using Switchboard.Calling.Sfu;
using Switchboard.Calling.Signaling;

namespace Switchboard.Calling.Calls;

/// <summary>The media topology per call: mesh while small, the SFU once the call reaches the SFU's threshold.</summary>
internal sealed partial class CallController
{
    /// <summary>
    /// A party's endpoint joined: its media links open. When the call now has <see cref="ISfu.Threshold"/> people
    /// (joined or ringing) and the SFU is up, the whole call moves to the SFU first. A call does not go back to mesh.
    /// </summary>
    private void MediaJoined(Call call, Party party)
    {
        if (topologies.ShouldMoveToSfu(call))
        {
            SwitchToSfu(call, topologies.Sfu);
            return;
        }

        call.Topology.Joined(call, party);
    }

    private void SwitchToSfu(Call call, ISfu sfu)
    {
        var topology = new SfuTopology(
            call,
            sfu,
            action => GatedAsync(call, () =>
            {
                action();
                return Task.CompletedTask;
            }, CancellationToken.None),
            endpoint => MediaFailed(call, endpoint),
            viewer => ShowOthersTo(call, viewer),
            logger);
        call.Topology.Detach(call);
        call.Topology = topology;
        var joined = call.Joined.ToList();
        LogSwitchedToSfu(logger, call.Id, joined.Count);
        foreach (var party in joined)
        {
            // Clients close their mesh links on this frame, then open pub and sub on the call.negotiate that follows.
            party.Endpoint!.Send(new { type = "call.media", callId = call.Id, topology = topology.Name });
            topology.Joined(call, party);
        }
    }

    /// <summary>The viewer gets every other party again (the mids it receives them on changed).</summary>
    private static void ShowOthersTo(Call call, AgentConnection viewer)
    {
        foreach (var other in call.Present.Where(p => p.Endpoint != viewer))
        {
            viewer.Send(new { type = "participant.updated", callId = call.Id, participant = CallViews.Participant(call, other, viewer) });
        }
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Call {CallId} moves to the SFU ({Joined} joined).")]
    private static partial void LogSwitchedToSfu(ILogger logger, string callId, int joined);
}

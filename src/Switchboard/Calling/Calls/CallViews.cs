using Switchboard.Calling.Signaling;

namespace Switchboard.Calling.Calls;

/// <summary>A call as one endpoint sees it: its own state and the other party as a remote participant.</summary>
internal static class CallViews
{
    public static string StateFor(Call call, AgentConnection endpoint)
    {
        if (call.Phase == CallPhase.Ended)
        {
            return "Disconnected";
        }

        if (endpoint != call.Caller && endpoint != call.Answered)
        {
            return "Ringing";
        }

        if (call.Phase == CallPhase.Connected)
        {
            var peer = call.PeerOf(endpoint);
            return call.Holding.Contains(endpoint.Id) ? "LocalHold" : peer is not null && call.Holding.Contains(peer.Id) ? "RemoteHold" : "Connected";
        }

        if (endpoint == call.Caller)
        {
            return call.Alerted ? "Ringing" : "Connecting";
        }

        return "Connecting";
    }

    public static object Participant(Call call, AgentConnection viewer)
    {
        var isCaller = viewer == call.Caller;
        var identity = isCaller ? call.Callee : call.Caller.Identity;
        var remote = isCaller ? call.Answered : call.Caller;
        string state;
        if (call.Phase == CallPhase.Ended)
        {
            state = "Disconnected";
        }
        else if (call.Phase == CallPhase.Connected)
        {
            state = remote is not null && call.Holding.Contains(remote.Id) ? "Hold" : "Connected";
        }
        else if (isCaller)
        {
            state = call.Answered is not null ? "Connecting" : call.Alerted ? "Ringing" : "Connecting";
        }
        else
        {
            state = "Connecting";
        }

        var media = remote is not null && call.Media.TryGetValue(remote.Id, out var m) ? m : new MediaState(false, []);
        return new
        {
            rawId = identity.RawId,
            kind = identity.Kind,
            displayName = identity.DisplayName,
            state,
            isMuted = media.IsMuted,
            isSpeaking = false,
            streams = media.Streams.Select(s => new { id = s.Id, mediaStreamType = s.MediaStreamType, mid = s.Mid, isAvailable = call.Phase == CallPhase.Connected }).ToList(),
        };
    }

    public static object Snapshot(Call call, AgentConnection viewer) => new
    {
        callId = call.Id,
        threadId = call.ThreadId,
        direction = viewer == call.Caller ? "Outgoing" : "Incoming",
        state = StateFor(call, viewer),
        callerInfo = call.Caller.Identity.Info,
        participants = new[] { Participant(call, viewer) },
        localHold = call.Holding.Contains(viewer.Id),
        startedAt = call.CreatedAt,
    };
}

using Switchboard.Calling.Signaling;

namespace Switchboard.Calling.Calls;

/// <summary>A call as one endpoint sees it: its own state and every other party as a remote participant.</summary>
internal static class CallViews
{
    public static string StateFor(Call call, AgentConnection endpoint)
    {
        var own = call.PartyOf(endpoint);
        if (call.Phase == CallPhase.Ended || own is null)
        {
            return "Disconnected";
        }

        if (own.Endpoint != endpoint)
        {
            return "Ringing";
        }

        if (own.MediaUp)
        {
            if (own.Holding)
            {
                return "LocalHold";
            }

            var others = call.Joined.Where(p => p != own && p.MediaUp).ToList();
            return others.Count > 0 && others.All(p => p.Holding) ? "RemoteHold" : "Connected";
        }

        return call.Present.Any(p => p != own && p.Endpoint is null && p.Alerted) ? "Ringing" : "Connecting";
    }

    public static string ParticipantState(Party party)
    {
        if (party.Left)
        {
            return "Disconnected";
        }

        if (party.Endpoint is null)
        {
            return party.Alerted ? "Ringing" : "Connecting";
        }

        return !party.MediaUp ? "Connecting" : party.Holding ? "Hold" : "Connected";
    }

    public static object Participant(Call call, Party party, AgentConnection viewer)
    {
        var sender = party.Endpoint;
        var link = sender is null ? null : call.Topology.LinkFor(viewer, sender);
        var available = !party.Left && party.MediaUp;
        return new
        {
            rawId = party.Identity.RawId,
            kind = party.Identity.Kind,
            displayName = party.Identity.DisplayName,
            state = ParticipantState(party),
            callEndReason = party.EndReason is { } r ? new { code = r.Code, subCode = r.SubCode } : null,
            endpointId = sender?.Id,
            isMuted = party.Media.IsMuted,
            isSpeaking = party.IsSpeaking,
            transferorInfo = party.Transferor?.Info,
            streams = party.Media.Streams.Select(s => new
            {
                id = s.Id,
                mediaStreamType = s.MediaStreamType,
                link,
                mid = s.MidsByLink.TryGetValue(viewer.Id, out var mid) ? mid : s.Mid,
                isAvailable = available,
            }).ToList(),
        };
    }

    public static object Snapshot(Call call, AgentConnection viewer)
    {
        var own = call.PartyOf(viewer);
        return new
        {
            callId = call.Id,
            threadId = call.ThreadId,
            kind = call.Kind.ToString(),
            direction = own is { Outgoing: true } ? "Outgoing" : "Incoming",
            state = StateFor(call, viewer),
            callerInfo = (own?.Inviter ?? call.Initiator).Info,
            transferorInfo = own?.Transferor?.Info,
            topology = call.Topology.Name,
            participants = call.Present.Where(p => p != own).Select(p => Participant(call, p, viewer)).ToList(),
            speakers = call.Speakers.Select(p => p.Identity.RawId).ToList(),
            localHold = own?.Holding ?? false,
            startedAt = call.CreatedAt,
        };
    }
}

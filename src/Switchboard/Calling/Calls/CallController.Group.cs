using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Switchboard.Calling.Signaling;
using Switchboard.Chat;

namespace Switchboard.Calling.Calls;

/// <summary>Group calls: adding and removing people, joining meetings and ad-hoc rooms, dominant speakers.</summary>
internal sealed partial class CallController
{
    /// <summary>The running call of each meeting (<c>meeting:{id}</c>) and room (<c>room:{groupId}</c>).</summary>
    private readonly ConcurrentDictionary<string, Call> rooms = new();

    /// <summary>
    /// <c>call.join</c>: <c>{ meetingLink }</c> or <c>{ meetingId, passcode }</c> (a Teams meeting, through
    /// <see cref="IMeetings"/>) or <c>{ groupId }</c> (an ad-hoc room: Switchboard's extension). The first joiner
    /// creates the call, the next ones join it.
    /// </summary>
    private async Task JoinAsync(AgentConnection endpoint, JsonElement frame, string? requestId, CancellationToken cancellationToken)
    {
        var (key, meeting, error) = await LocateAsync(frame, cancellationToken);
        if (error is not null)
        {
            Refuse(endpoint, requestId, null, error);
            return;
        }

        while (true)
        {
            var call = rooms.GetOrAdd(key!, k => new Call("c-" + Guid.NewGuid().ToString("N"), meeting is null ? CallKind.Room : CallKind.Meeting, meeting?.ThreadId, endpoint.Identity, time.GetUtcNow()) { RoomKey = k });
            calls.TryAdd(call.Id, call);
            var joined = false;
            await GatedAsync(call, () =>
            {
                joined = true;
                if (call.PartyOf(endpoint) is not null)
                {
                    Refuse(endpoint, requestId, call.Id, CallingError.AlreadyInCall(endpoint.Identity.RawId));
                    return Task.CompletedTask;
                }

                var party = new Party(endpoint.Identity) { Endpoint = endpoint, Outgoing = true };
                party.MediaUp = !call.Joined.Any();
                call.Parties.Add(party);
                call.Phase = CallPhase.Active;
                call.ConnectedAt ??= time.GetUtcNow();
                Attend(call, party);
                endpoint.Calls.Add(call.Id);
                endpoint.Send(new { type = "call.created", requestId, call = CallViews.Snapshot(call, endpoint) });
                CatchUp(call, party);
                ShowToOthers(call, party);
                MediaJoined(call, party);
                LogJoined(logger, call.Id, call.Kind);
                return Task.CompletedTask;
            }, cancellationToken);
            if (joined)
            {
                break;
            }

            // The call ended between lookup and gate: the next joiner starts a new one.
            rooms.TryRemove(new KeyValuePair<string, Call>(key!, call));
        }

        if (meeting is not null && endpoint.Identity is { TeamsUserId: { } user, TenantId: { } tenant })
        {
            try
            {
                await services.GetRequiredService<IMeetings>().AddAttendeeAsync(meeting.ThreadId, user, tenant, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogAttendeeFailed(logger, e, meeting.ThreadId);
            }
        }
    }

    /// <summary>The room key of a locator, checked in order: which locator, its shape, the meeting, the passcode.</summary>
    private async Task<(string? Key, MeetingInfo? Meeting, CallingError? Error)> LocateAsync(JsonElement frame, CancellationToken cancellationToken)
    {
        var groupId = Text(frame, "groupId");
        var link = Text(frame, "meetingLink");
        var meetingId = Text(frame, "meetingId");
        if ((groupId is null ? 0 : 1) + (link is null ? 0 : 1) + (meetingId is null ? 0 : 1) != 1)
        {
            return (null, null, CallingError.BadLocator("Join needs exactly one of groupId, meetingLink or meetingId."));
        }

        if (groupId is not null)
        {
            return Guid.TryParse(groupId, out var room)
                ? ("room:" + room.ToString("D"), null, null)
                : (null, null, CallingError.BadLocator("groupId must be a UUID."));
        }

        var meetings = services.GetService<IMeetings>();
        if (meetings is null)
        {
            return (null, null, CallingError.UnknownMeeting());
        }

        MeetingInfo? meeting;
        if (link is not null)
        {
            meeting = await meetings.FindByJoinUrlAsync(link, cancellationToken);
        }
        else
        {
            meeting = await meetings.FindByMeetingIdAsync(meetingId!.Replace(" ", "", StringComparison.Ordinal), cancellationToken);
            if (meeting is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Text(frame, "passcode") ?? ""), Encoding.UTF8.GetBytes(meeting.Passcode)))
            {
                return (null, null, CallingError.WrongPasscode());
            }
        }

        return meeting is null ? (null, null, CallingError.UnknownMeeting()) : ("meeting:" + meeting.Id, meeting, null);
    }

    /// <summary><c>participant.add</c>: rings someone into a running call (a direct call becomes a group call).</summary>
    private async Task AddParticipantAsync(Call call, AgentConnection endpoint, JsonElement frame, string? requestId, CancellationToken cancellationToken)
    {
        var (identity, error) = await targets.IdentityAsync(Text(frame, "target") ?? "", cancellationToken);
        await GatedAsync(call, async () =>
        {
            if (call.JoinedParty(endpoint) is null)
            {
                error ??= CallingError.WrongState("add participants to", "ringing");
            }

            if (identity is not null && call.PartyOf(identity.RawId) is not null)
            {
                error ??= CallingError.AlreadyInCall(identity.RawId);
            }

            if (error is not null)
            {
                Refuse(endpoint, requestId, call.Id, error);
                return;
            }

            call.IsGroup = true;
            Ack(endpoint, requestId, call.Id);
            await InviteAsync(call, identity!, endpoint.Identity, null, forwardable: true, [], cancellationToken);
        }, cancellationToken);
    }

    /// <summary><c>participant.remove</c>: the removed person's call ends 0/5000; the others see them go.</summary>
    private CallingError? RemoveParticipant(Call call, AgentConnection endpoint, string? target, string? requestId)
    {
        if (call.JoinedParty(endpoint) is null)
        {
            return CallingError.WrongState("remove participants from", "ringing");
        }

        if (target is null || call.PartyOf(target) is not { } party || party.Endpoint == endpoint)
        {
            return CallingError.NotInCall(target ?? "(none)");
        }

        Ack(endpoint, requestId, call.Id);
        if (party.Endpoint is null)
        {
            StopRinging(call, party, EndReasons.RemovedByParticipant, null, EndReasons.RemovedByParticipant);
        }
        else
        {
            Leave(call, party, EndReasons.RemovedByParticipant, EndReasons.EndedByService);
        }

        return null;
    }

    /// <summary><c>media.speaking</c>: the endpoint measured its own outgoing audio; the server orders the speakers.</summary>
    private static CallingError? Speaking(Call call, AgentConnection endpoint, bool speaking)
    {
        if (call.JoinedParty(endpoint) is { } party && party.IsSpeaking != speaking && !(speaking && party.Media.IsMuted))
        {
            SetSpeaking(call, party, speaking);
        }

        return null;
    }

    private static void SetSpeaking(Call call, Party party, bool speaking)
    {
        party.IsSpeaking = speaking;
        if (speaking)
        {
            call.Speakers.Remove(party);
            call.Speakers.Insert(0, party);
        }

        ShowToOthers(call, party);
        BroadcastSpeakers(call);
    }

    private static void BroadcastSpeakers(Call call)
    {
        var frame = SpeakersFrame(call);
        foreach (var party in call.Joined)
        {
            party.Endpoint!.Send(frame);
        }
    }

    private static object SpeakersFrame(Call call)
        => new { type = "speakers", callId = call.Id, speakers = call.Speakers.Select(p => p.Identity.RawId).ToList(), timestamp = DateTimeOffset.UtcNow };

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "An endpoint joined {Kind} call {CallId}.")]
    private static partial void LogJoined(ILogger logger, string callId, CallKind kind);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "A meeting joiner could not be added to meeting chat {ThreadId}.")]
    private static partial void LogAttendeeFailed(ILogger logger, Exception exception, string threadId);
}

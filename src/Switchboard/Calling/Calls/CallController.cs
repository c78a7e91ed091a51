using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Switchboard.Calling.Forwarding;
using Switchboard.Calling.Signaling;
using Switchboard.Chat;

namespace Switchboard.Calling.Calls;

/// <summary>
/// Owns every call on this node: takes the agents' requests, changes state under the call's gate,
/// and tells each endpoint what it now sees. The only source of call and participant state.
/// Group calls, rooms and meetings are in <c>CallController.Group.cs</c>; transfer and forwarding in
/// <c>CallController.Transfer.cs</c>.
/// </summary>
internal sealed partial class CallController(
    EndpointRegistry endpoints,
    CallTargets targets,
    MediaTopologies topologies,
    IChatThreads chats,
    IServiceProvider services,
    IOptionsMonitor<CallingOptions> options,
    TimeProvider time,
    ILogger<CallController> logger)
{
    private readonly ConcurrentDictionary<string, Call> calls = new();

    public Call? Find(string callId) => calls.GetValueOrDefault(callId);

    public IEnumerable<Call> CallsOf(AgentConnection endpoint) => endpoint.Calls.Select(Find).OfType<Call>().ToList();

    public async Task HandleAsync(AgentConnection endpoint, JsonElement frame, CancellationToken cancellationToken)
    {
        var type = Text(frame, "type");
        var requestId = Text(frame, "requestId");
        switch (type)
        {
            case "ping":
                endpoint.Send(new { type = "pong" });
                return;
            case "call.start":
                await StartAsync(endpoint, frame, requestId, cancellationToken);
                return;
            case "call.join":
                await JoinAsync(endpoint, frame, requestId, cancellationToken);
                return;
        }

        var callId = Text(frame, "callId");
        var call = callId is null ? null : Find(callId);
        if (call is null || !endpoint.Calls.Contains(call.Id))
        {
            Refuse(endpoint, requestId, callId, type is null ? CallingError.BadRequest("Every frame needs a 'type'.") : CallingError.UnknownCall(callId ?? "(none)"));
            return;
        }

        // Requests that look up users or other calls do so before taking the call's gate.
        switch (type)
        {
            case "participant.add":
                await AddParticipantAsync(call, endpoint, frame, requestId, cancellationToken);
                return;
            case "call.forward":
                await ForwardAsync(call, endpoint, frame, requestId, cancellationToken);
                return;
            case "transfer.request":
                await TransferAsync(call, endpoint, frame, requestId, cancellationToken);
                return;
        }

        await GatedAsync(call, () =>
        {
            var error = type switch
            {
                "call.ringing" => Ringing(call, endpoint),
                "call.accept" => Accept(call, endpoint),
                "call.reject" => Reject(call, endpoint),
                "signal" => Relay(call, endpoint, frame),
                "media.connected" => MediaConnected(call, endpoint, Text(frame, "link")),
                "media.failed" => MediaFailed(call, endpoint),
                "media.state" => MediaStateChanged(call, endpoint, frame),
                "media.speaking" => Speaking(call, endpoint, frame.TryGetProperty("isSpeaking", out var s) && s.ValueKind == JsonValueKind.True),
                "call.hold" => Hold(call, endpoint, hold: true),
                "call.resume" => Hold(call, endpoint, hold: false),
                "call.hangup" => HangUp(call, endpoint, frame.TryGetProperty("forEveryone", out var all) && all.ValueKind == JsonValueKind.True),
                "participant.remove" => RemoveParticipant(call, endpoint, Text(frame, "target"), requestId),
                _ => CallingError.BadRequest($"Unknown frame type '{type}'."),
            };
            if (error is not null)
            {
                Refuse(endpoint, requestId, call.Id, error);
            }

            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>The endpoint is gone for good (grace expired, token invalid): it stops ringing, or leaves its calls.</summary>
    public async Task EndpointGoneAsync(AgentConnection endpoint, CallEndReason ownReason, CallEndReason peerReason)
    {
        foreach (var call in CallsOf(endpoint))
        {
            await GatedAsync(call, () =>
            {
                var party = call.PartyOf(endpoint);
                if (party is null)
                {
                    return Task.CompletedTask;
                }

                if (party.Endpoint != endpoint)
                {
                    party.Ringing.Remove(endpoint);
                    Tell(endpoint, call, ownReason);
                    if (party.Ringing.Count == 0)
                    {
                        StopRinging(call, party, EndReasons.CalleeOffline, null, EndReasons.CalleeOffline);
                    }
                }
                else
                {
                    Leave(call, party, ownReason, peerReason);
                }

                return Task.CompletedTask;
            }, CancellationToken.None);
        }
    }

    /// <summary>Runs <paramref name="work"/> under the call's gate, then writes an ended call to its chat and runs what was deferred past the gate.</summary>
    private async Task GatedAsync(Call call, Func<Task> work, CancellationToken cancellationToken)
    {
        List<Func<Task>> after;
        await call.Gate.WaitAsync(cancellationToken);
        try
        {
            if (call.Phase == CallPhase.Ended)
            {
                return;
            }

            await work();
        }
        finally
        {
            after = [.. call.Deferred];
            call.Deferred.Clear();
            call.Gate.Release();
        }

        await RecordIfEndedAsync(call);
        foreach (var next in after)
        {
            await next();
        }
    }

    private async Task StartAsync(AgentConnection endpoint, JsonElement frame, string? requestId, CancellationToken cancellationToken)
    {
        var targetIds = frame.TryGetProperty("targets", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        if (targetIds.Count == 0)
        {
            Refuse(endpoint, requestId, null, CallingError.BadRequest("'targets' needs at least one raw id."));
            return;
        }

        var (callees, resolvedThread, error) = await targets.ResolveAsync(endpoint.Identity, targetIds, Text(frame, "threadId"), cancellationToken);
        if (error is not null)
        {
            Refuse(endpoint, requestId, null, error);
            return;
        }

        var kind = callees!.Count > 1 ? CallKind.Group : CallKind.Direct;
        var call = new Call("c-" + Guid.NewGuid().ToString("N"), kind, resolvedThread, endpoint.Identity, time.GetUtcNow());
        var caller = new Party(endpoint.Identity) { Endpoint = endpoint, Outgoing = true };
        call.Parties.Add(caller);
        Attend(call, caller);
        calls[call.Id] = call;
        endpoint.Calls.Add(call.Id);
        await GatedAsync(call, async () =>
        {
            endpoint.Send(new { type = "call.created", requestId, call = CallViews.Snapshot(call, endpoint) });
            foreach (var callee in callees)
            {
                if (call.Phase != CallPhase.Ended)
                {
                    await InviteAsync(call, callee, endpoint.Identity, null, forwardable: true, [], cancellationToken);
                }
            }

            LogCallStarted(logger, call.Id, callees.Count);
        }, cancellationToken);
    }

    /// <summary>
    /// Rings a user into the call: their forwarding rules first (immediate, busy), then every endpoint of
    /// theirs not already in the call; the ring ends at <c>RingTimeout</c>, or earlier when an unanswered rule forwards it.
    /// </summary>
    private async Task InviteAsync(Call call, CallIdentity callee, CallIdentity caller, CallIdentity? transferor, bool forwardable, HashSet<string> visited, CancellationToken cancellationToken)
    {
        visited.Add(callee.RawId);
        var rules = forwardable ? await RulesAsync(callee.RawId, cancellationToken) : ForwardingSettings.None;
        var onward = rules.Immediate ?? (rules.Busy is not null && IsBusy(callee.RawId, call) ? rules.Busy : null);
        if (onward is not null && await ForwardTargetAsync(onward, visited, cancellationToken) is { } next)
        {
            LogForwarded(logger, call.Id, visited.Count);
            await InviteAsync(call, next, caller, callee, forwardable, visited, cancellationToken);
            return;
        }

        var party = new Party(callee) { Inviter = caller, Transferor = transferor, Visited = visited, Forwardable = forwardable };
        call.Parties.Add(party);
        var ringing = endpoints.ForUser(callee.RawId).Where(e => e.DetachedAt is null && call.PartyOf(e) is null).ToList();
        if (ringing.Count == 0)
        {
            StopRinging(call, party, EndReasons.CalleeOffline, null, EndReasons.CalleeOffline);
            return;
        }

        foreach (var target in ringing)
        {
            party.Ringing.Add(target);
            target.Calls.Add(call.Id);
            target.Send(new { type = "call.incoming", call = CallViews.Snapshot(call, target), callerInfo = caller.Info, transferorInfo = transferor?.Info });
        }

        ShowToOthers(call, party);
        var ringFor = options.CurrentValue.RingTimeout;
        var forwardOnNoAnswer = rules.Unanswered is not null && rules.UnansweredAfter < ringFor ? rules.Unanswered : null;
        var after = forwardOnNoAnswer is not null ? rules.UnansweredAfter : ringFor;
        party.RingTimer = time.CreateTimer(_ => _ = RingExpiredAsync(call, party, caller, forwardOnNoAnswer), null, after, Timeout.InfiniteTimeSpan);
    }

    private async Task RingExpiredAsync(Call call, Party party, CallIdentity caller, string? forwardTo)
    {
        var next = forwardTo is null ? null : await ForwardTargetAsync(forwardTo, party.Visited, CancellationToken.None);
        await GatedAsync(call, async () =>
        {
            if (party.Left || party.Endpoint is not null)
            {
                return;
            }

            if (next is not null)
            {
                LogForwarded(logger, call.Id, party.Visited.Count);
                await RedirectAsync(call, party, next, caller, EndReasons.NotAnswered, CancellationToken.None);
            }
            else
            {
                StopRinging(call, party, EndReasons.NotAnswered, null, EndReasons.NotAnswered);
            }
        }, CancellationToken.None);
    }

    private static CallingError? Ringing(Call call, AgentConnection endpoint)
    {
        var party = call.PartyOf(endpoint);
        if (party is null || party.Endpoint is not null || party.Alerted)
        {
            return null;
        }

        party.Alerted = true;
        foreach (var other in call.Joined)
        {
            other.Endpoint!.Send(new { type = "call.state", callId = call.Id, state = CallViews.StateFor(call, other.Endpoint) });
        }

        ShowToOthers(call, party);
        return null;
    }

    private CallingError? Accept(Call call, AgentConnection endpoint)
    {
        var party = call.PartyOf(endpoint);
        if (party is null || party.Endpoint is not null)
        {
            return CallingError.WrongState("accept", call.Phase.ToString());
        }

        party.RingTimer?.Dispose();
        party.Endpoint = endpoint;
        foreach (var other in party.Ringing.Where(e => e != endpoint))
        {
            Tell(other, call, EndReasons.AnsweredElsewhere);
        }

        party.Ringing.Clear();
        call.Phase = CallPhase.Active;
        Attend(call, party);
        endpoint.Send(new { type = "call.state", callId = call.Id, state = CallViews.StateFor(call, endpoint) });
        CatchUp(call, party);
        ShowToOthers(call, party);
        if (call.Transfer is { } transfer && party.Endpoint != transfer.Transferee)
        {
            TransferAnswered(call, transfer);
        }

        MediaJoined(call, party);
        return null;
    }

    /// <summary>A party joined: the call's topology links it up, or the call moves to the topology its size calls for.</summary>
    private void MediaJoined(Call call, Party party)
    {
        var wanted = topologies.For(call);
        if (wanted == call.Topology)
        {
            call.Topology.Joined(call, party);
            return;
        }

        call.Topology.Detach(call);
        call.Topology = wanted;
        foreach (var present in call.Joined.ToList())
        {
            present.Endpoint!.Send(new { type = "call.media", callId = call.Id, topology = wanted.Name });
            wanted.Joined(call, present);
        }
    }

    private CallingError? Reject(Call call, AgentConnection endpoint)
    {
        var party = call.PartyOf(endpoint);
        if (party is null || party.Endpoint is not null)
        {
            return CallingError.WrongState("reject", call.Phase.ToString());
        }

        StopRinging(call, party, EndReasons.Declined, endpoint, EndReasons.DeclinedElsewhere);
        return null;
    }

    private static CallingError? Relay(Call call, AgentConnection endpoint, JsonElement frame)
    {
        if (call.JoinedParty(endpoint) is null)
        {
            return CallingError.WrongState("negotiate media for", "ringing");
        }

        object? description = frame.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.Object ? d.Clone() : null;
        object? candidate = frame.TryGetProperty("candidate", out var c) && c.ValueKind is JsonValueKind.Object ? c.Clone() : null;
        return call.Topology.Relay(call, endpoint, Text(frame, "link"), description, candidate) ? null : CallingError.WrongState("negotiate media for", "a link that is not open");
    }

    /// <summary>A link reached <c>connected</c>: both ends of it are <c>Connected</c> (the first time).</summary>
    private CallingError? MediaConnected(Call call, AgentConnection endpoint, string? link)
    {
        var own = call.JoinedParty(endpoint);
        if (own is null)
        {
            return null;
        }

        var others = call.Joined.Where(p => p != own).ToList();
        var peer = link is null ? (others.Count == 1 ? others[0] : null) : others.FirstOrDefault(p => p.Endpoint!.Id == link);
        if ((own.MediaUp || peer is null) && (peer is null || peer.MediaUp))
        {
            return null;
        }

        own.MediaUp = true;
        if (peer is not null)
        {
            peer.MediaUp = true;
        }

        call.ConnectedAt ??= time.GetUtcNow();
        BroadcastState(call);
        return null;
    }

    private CallingError? MediaFailed(Call call, AgentConnection endpoint)
    {
        if (call.JoinedParty(endpoint) is not { } party)
        {
            return null;
        }

        if (!call.IsGroup)
        {
            End(call, EndReasons.MediaFailed, EndReasons.MediaFailed);
        }
        else
        {
            Leave(call, party, EndReasons.MediaFailed, EndReasons.MediaFailed);
        }

        return null;
    }

    private static CallingError? MediaStateChanged(Call call, AgentConnection endpoint, JsonElement frame)
    {
        if (call.JoinedParty(endpoint) is not { } party)
        {
            return CallingError.WrongState("change media of", "ringing");
        }

        var muted = frame.TryGetProperty("isMuted", out var m) && m.ValueKind == JsonValueKind.True;
        var streams = new List<StreamInfo>();
        if (frame.TryGetProperty("streams", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in list.EnumerateArray())
            {
                if (s.ValueKind == JsonValueKind.Object && s.TryGetProperty("id", out var id) && id.TryGetInt32(out var streamId)
                    && s.TryGetProperty("mediaStreamType", out var kind) && kind.GetString() is "Video" or "ScreenSharing")
                {
                    var mids = new Dictionary<string, string>();
                    if (s.TryGetProperty("mids", out var byLink) && byLink.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var entry in byLink.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String))
                        {
                            mids[entry.Name] = entry.Value.GetString()!;
                        }
                    }

                    streams.Add(new StreamInfo(streamId, kind.GetString()!, Text(s, "mid"), mids));
                }
            }
        }

        party.Media = new MediaState(muted, streams);
        if (muted && party.IsSpeaking)
        {
            SetSpeaking(call, party, false);
        }

        ShowToOthers(call, party);
        return null;
    }

    private static CallingError? Hold(Call call, AgentConnection endpoint, bool hold)
    {
        if (call.JoinedParty(endpoint) is not { MediaUp: true } party)
        {
            return CallingError.WrongState(hold ? "hold" : "resume", call.Phase.ToString());
        }

        if (party.Holding == hold)
        {
            return null;
        }

        party.Holding = hold;
        BroadcastState(call);
        return null;
    }

    private CallingError? HangUp(Call call, AgentConnection endpoint, bool forEveryone)
    {
        var party = call.PartyOf(endpoint);
        if (party is null)
        {
            return null;
        }

        if (party.Endpoint != endpoint)
        {
            return Reject(call, endpoint);
        }

        if (forEveryone)
        {
            Tell(endpoint, call, EndReasons.HungUp);
            End(call, EndReasons.EndedForEveryone, EndReasons.CallerCancelled);
            return null;
        }

        Leave(call, party, EndReasons.HungUp, EndReasons.EndedByService);
        return null;
    }

    /// <summary>
    /// A joined party leaves with <paramref name="ownReason"/>. Others see it go; a direct call then ends
    /// for the one left with <paramref name="directPeerReason"/>; any other call ends when nobody is in it.
    /// </summary>
    private void Leave(Call call, Party party, CallEndReason ownReason, CallEndReason directPeerReason)
    {
        var endpoint = party.Endpoint!;
        party.Left = true;
        party.EndReason = ownReason;
        Tell(endpoint, call, ownReason);
        call.Topology.Left(call, endpoint);
        if (call.Speakers.Remove(party))
        {
            BroadcastSpeakers(call);
        }

        ShowGone(call, party);
        AfterDeparture(call, directPeerReason);
    }

    /// <summary>
    /// A ringing party stops ringing without joining: <paramref name="reason"/> for the call and for
    /// <paramref name="decider"/> (the endpoint that declined), <paramref name="elsewhere"/> for its other endpoints.
    /// </summary>
    private void StopRinging(Call call, Party party, CallEndReason reason, AgentConnection? decider, CallEndReason elsewhere)
    {
        party.RingTimer?.Dispose();
        party.Left = true;
        party.EndReason = reason;
        foreach (var endpoint in party.Ringing)
        {
            Tell(endpoint, call, endpoint == decider ? reason : elsewhere);
        }

        party.Ringing.Clear();
        ShowGone(call, party);
        if (call.Transfer is { } transfer)
        {
            TransferFailed(call, transfer, reason);
            return;
        }

        AfterDeparture(call, reason);
    }

    private void AfterDeparture(Call call, CallEndReason directPeerReason)
    {
        if (call.Phase == CallPhase.Ended)
        {
            return;
        }

        if (!call.IsGroup && call.Present.Count() < 2)
        {
            End(call, directPeerReason, EndReasons.CallerCancelled);
        }
        else if (!call.Joined.Any())
        {
            End(call, EndReasons.EndedByService, EndReasons.CallerCancelled);
        }
    }

    private static void BroadcastState(Call call)
    {
        foreach (var party in call.Joined)
        {
            party.Endpoint!.Send(new { type = "call.state", callId = call.Id, state = CallViews.StateFor(call, party.Endpoint) });
            foreach (var other in call.Present.Where(p => p != party))
            {
                party.Endpoint.Send(new { type = "participant.updated", callId = call.Id, participant = CallViews.Participant(call, other, party.Endpoint) });
            }
        }
    }

    /// <summary><paramref name="party"/> changed: every other joined endpoint gets its <c>participant.updated</c>.</summary>
    private static void ShowToOthers(Call call, Party party)
    {
        foreach (var viewer in call.Joined.Where(p => p != party))
        {
            viewer.Endpoint!.Send(new { type = "participant.updated", callId = call.Id, participant = CallViews.Participant(call, party, viewer.Endpoint) });
        }
    }

    /// <summary>A party that left: the others see it <c>Disconnected</c> with its reason, then removed.</summary>
    private static void ShowGone(Call call, Party party)
    {
        foreach (var viewer in call.Joined.Where(p => p != party))
        {
            viewer.Endpoint!.Send(new { type = "participant.updated", callId = call.Id, participant = CallViews.Participant(call, party, viewer.Endpoint) });
            viewer.Endpoint.Send(new { type = "participant.removed", callId = call.Id, rawId = party.Identity.RawId });
        }
    }

    /// <summary>A party just joined: it gets every other party present (a late joiner's snapshot).</summary>
    private static void CatchUp(Call call, Party party)
    {
        foreach (var other in call.Present.Where(p => p != party))
        {
            party.Endpoint!.Send(new { type = "participant.updated", callId = call.Id, participant = CallViews.Participant(call, other, party.Endpoint) });
        }

        if (call.Speakers.Count > 0)
        {
            party.Endpoint!.Send(SpeakersFrame(call));
        }
    }

    private static void Tell(AgentConnection endpoint, Call call, CallEndReason reason)
    {
        if (endpoint.Calls.Remove(call.Id))
        {
            endpoint.Send(new { type = "call.ended", callId = call.Id, code = reason.Code, subCode = reason.SubCode });
        }
    }

    private static void Attend(Call call, Party party)
    {
        if (party.Identity.TeamsUserId is { } user)
        {
            call.Attended.Add(user);
        }
    }

    /// <summary>Ends the call for everyone still in it: <paramref name="joinedReason"/> for joined parties, <paramref name="ringingReason"/> for ringing endpoints.</summary>
    private void End(Call call, CallEndReason joinedReason, CallEndReason ringingReason)
    {
        foreach (var party in call.Parties.Where(p => !p.Left))
        {
            party.RingTimer?.Dispose();
            party.Left = true;
            foreach (var ringing in party.Ringing)
            {
                Tell(ringing, call, ringingReason);
            }

            party.Ringing.Clear();
            if (party.Endpoint is { } endpoint)
            {
                Tell(endpoint, call, joinedReason);
            }
        }

        call.Phase = CallPhase.Ended;
        calls.TryRemove(call.Id, out _);
        if (call.RoomKey is not null)
        {
            rooms.TryRemove(new KeyValuePair<string, Call>(call.RoomKey, call));
        }

        LogCallEnded(logger, call.Id, joinedReason.Code, joinedReason.SubCode);
    }

    /// <summary>Teams keeps calls in their chat: an ended call is written there with its participants and duration.</summary>
    private async Task RecordIfEndedAsync(Call call)
    {
        if (call.Phase != CallPhase.Ended || call.ThreadId is null || call.Initiator.TeamsUserId is not { } initiator)
        {
            return;
        }

        if (!call.TryMarkRecorded())
        {
            return;
        }

        var participants = call.Attended.Count > 1 || call.ConnectedAt is not null ? call.Attended.ToList() : [initiator];
        var duration = call.ConnectedAt is { } connected ? time.GetUtcNow() - connected : TimeSpan.Zero;
        try
        {
            await chats.PostCallEndedAsync(new CallSummary(call.ThreadId, call.Id, initiator, participants, duration), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHistoryFailed(logger, e, call.Id);
        }
    }

    private static string? Text(JsonElement frame, string name)
        => frame.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void Refuse(AgentConnection endpoint, string? requestId, string? callId, CallingError error)
        => endpoint.Send(new { type = "error", requestId, callId, code = error.Code, subCode = error.SubCode, message = error.Message });

    private static void Ack(AgentConnection endpoint, string? requestId, string callId)
    {
        if (requestId is not null)
        {
            endpoint.Send(new { type = "ack", requestId, callId });
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Call {CallId} started, ringing {Targets} users.")]
    private static partial void LogCallStarted(ILogger logger, string callId, int targets);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Call {CallId} ended ({Code}/{SubCode} for those in it).")]
    private static partial void LogCallEnded(ILogger logger, string callId, int code, int subCode);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Call {CallId} could not be written to its chat.")]
    private static partial void LogHistoryFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Call {CallId} forwarded (hop {Hop}).")]
    private static partial void LogForwarded(ILogger logger, string callId, int hop);
}

using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Switchboard.Calling.Signaling;
using Switchboard.Chat;

namespace Switchboard.Calling.Calls;

/// <summary>
/// Owns every call on this node: takes the agents' requests, changes state under the call's gate,
/// and tells each endpoint what it now sees. The only source of call and participant state.
/// </summary>
internal sealed partial class CallController(
    EndpointRegistry endpoints,
    CallTargets targets,
    IChatThreads chats,
    IOptionsMonitor<CallingOptions> options,
    TimeProvider time,
    ILogger<CallController> logger)
{
    private readonly ConcurrentDictionary<string, Call> calls = new();

    public Call? Find(string callId) => calls.GetValueOrDefault(callId);

    public IEnumerable<Call> CallsOf(AgentConnection endpoint) => endpoint.Calls.Select(Find).OfType<Call>().ToList();

    public async Task HandleAsync(AgentConnection endpoint, JsonElement frame, CancellationToken cancellationToken)
    {
        var type = frame.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var requestId = frame.TryGetProperty("requestId", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (type == "ping")
        {
            endpoint.Send(new { type = "pong" });
            return;
        }

        if (type == "call.start")
        {
            await StartAsync(endpoint, frame, requestId, cancellationToken);
            return;
        }

        var callId = frame.TryGetProperty("callId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var call = callId is null ? null : Find(callId);
        if (call is null || !endpoint.Calls.Contains(call.Id))
        {
            Refuse(endpoint, requestId, callId, type is null ? CallingError.BadRequest("Every frame needs a 'type'.") : CallingError.UnknownCall(callId ?? "(none)"));
            return;
        }

        await call.Gate.WaitAsync(cancellationToken);
        try
        {
            if (call.Phase == CallPhase.Ended)
            {
                return;
            }

            var error = type switch
            {
                "call.ringing" => Ringing(call, endpoint),
                "call.accept" => Accept(call, endpoint),
                "call.reject" => Reject(call, endpoint),
                "signal" => Relay(call, endpoint, frame),
                "media.connected" => MediaConnected(call, endpoint),
                "media.failed" => End(call, EndReasons.MediaFailed, EndReasons.MediaFailed),
                "media.state" => MediaStateChanged(call, endpoint, frame),
                "call.hold" => Hold(call, endpoint, hold: true),
                "call.resume" => Hold(call, endpoint, hold: false),
                "call.hangup" => HangUp(call, endpoint, frame.TryGetProperty("forEveryone", out var all) && all.ValueKind == JsonValueKind.True),
                _ => CallingError.BadRequest($"Unknown frame type '{type}'."),
            };
            if (error is not null)
            {
                Refuse(endpoint, requestId, call.Id, error);
            }
        }
        finally
        {
            call.Gate.Release();
        }

        await RecordIfEndedAsync(call);
    }

    /// <summary>The endpoint is gone for good (grace expired, token invalid): its calls end or stop ringing there.</summary>
    public async Task EndpointGoneAsync(AgentConnection endpoint, CallEndReason ownReason, CallEndReason peerReason)
    {
        foreach (var call in CallsOf(endpoint))
        {
            await call.Gate.WaitAsync();
            try
            {
                if (call.Phase == CallPhase.Ended)
                {
                    continue;
                }

                if (call.Ringing.Remove(endpoint))
                {
                    endpoint.Send(new { type = "call.ended", callId = call.Id, code = ownReason.Code, subCode = ownReason.SubCode });
                    endpoint.Calls.Remove(call.Id);
                    if (call.Ringing.Count == 0 && call.Answered is null)
                    {
                        End(call, EndReasons.CalleeOffline, EndReasons.CalleeOffline);
                    }
                }
                else if (endpoint == call.Caller && call.Phase == CallPhase.Ringing)
                {
                    EndFor(call, endpoint, ownReason);
                    End(call, EndReasons.CallerCancelled, EndReasons.CallerCancelled);
                }
                else if (call.IsParty(endpoint))
                {
                    EndFor(call, endpoint, ownReason);
                    End(call, peerReason, peerReason);
                }
            }
            finally
            {
                call.Gate.Release();
            }

            await RecordIfEndedAsync(call);
        }
    }

    private async Task StartAsync(AgentConnection endpoint, JsonElement frame, string? requestId, CancellationToken cancellationToken)
    {
        var targetIds = frame.TryGetProperty("targets", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        if (targetIds.Count == 0)
        {
            Refuse(endpoint, requestId, null, CallingError.BadRequest("'targets' needs one raw id."));
            return;
        }

        if (targetIds.Count > 1)
        {
            Refuse(endpoint, requestId, null, CallingError.OnlyOneTarget());
            return;
        }

        var threadId = frame.TryGetProperty("threadId", out var th) && th.ValueKind == JsonValueKind.String ? th.GetString() : null;
        var (callee, resolvedThread, error) = await targets.ResolveAsync(endpoint.Identity, targetIds[0], threadId, cancellationToken);
        if (error is not null)
        {
            Refuse(endpoint, requestId, null, error);
            return;
        }

        var call = new Call("c-" + Guid.NewGuid().ToString("N"), resolvedThread, endpoint, callee!, time.GetUtcNow());
        calls[call.Id] = call;
        endpoint.Calls.Add(call.Id);
        await call.Gate.WaitAsync(cancellationToken);
        try
        {
            var ringing = endpoints.ForUser(callee!.RawId).Where(e => e != endpoint && e.DetachedAt is null).ToList();
            endpoint.Send(new { type = "call.created", requestId, call = CallViews.Snapshot(call, endpoint) });
            if (ringing.Count == 0)
            {
                End(call, EndReasons.CalleeOffline, EndReasons.CalleeOffline);
            }
            else
            {
                foreach (var target in ringing)
                {
                    call.Ringing.Add(target);
                    target.Calls.Add(call.Id);
                    target.Send(new { type = "call.incoming", call = CallViews.Snapshot(call, target), callerInfo = endpoint.Identity.Info, transferorInfo = (object?)null });
                }

                call.RingTimer = time.CreateTimer(_ => _ = RingTimeoutAsync(call), null, options.CurrentValue.RingTimeout, Timeout.InfiniteTimeSpan);
                LogCallStarted(logger, call.Id, ringing.Count);
            }
        }
        finally
        {
            call.Gate.Release();
        }

        await RecordIfEndedAsync(call);
    }

    private async Task RingTimeoutAsync(Call call)
    {
        await call.Gate.WaitAsync();
        try
        {
            if (call.Phase == CallPhase.Ringing && call.Answered is null)
            {
                End(call, EndReasons.NotAnswered, EndReasons.NotAnswered);
            }
        }
        finally
        {
            call.Gate.Release();
        }

        await RecordIfEndedAsync(call);
    }

    private static CallingError? Ringing(Call call, AgentConnection endpoint)
    {
        if (!call.Ringing.Contains(endpoint) || call.Alerted)
        {
            return null;
        }

        call.Alerted = true;
        call.Caller.Send(new { type = "call.state", callId = call.Id, state = CallViews.StateFor(call, call.Caller) });
        call.Caller.Send(new { type = "participant.updated", callId = call.Id, participant = CallViews.Participant(call, call.Caller) });
        return null;
    }

    private static CallingError? Accept(Call call, AgentConnection endpoint)
    {
        if (!call.Ringing.Contains(endpoint) || call.Phase != CallPhase.Ringing)
        {
            return CallingError.WrongState("accept", call.Phase.ToString());
        }

        call.RingTimer?.Dispose();
        call.Answered = endpoint;
        call.Phase = CallPhase.Connecting;
        foreach (var other in call.Ringing.Where(e => e != endpoint))
        {
            other.Send(new { type = "call.ended", callId = call.Id, code = EndReasons.AnsweredElsewhere.Code, subCode = EndReasons.AnsweredElsewhere.SubCode });
            other.Calls.Remove(call.Id);
        }

        call.Ringing.Clear();
        endpoint.Send(new { type = "call.state", callId = call.Id, state = CallViews.StateFor(call, endpoint) });
        foreach (var party in new[] { call.Caller, endpoint })
        {
            party.Send(new { type = "participant.updated", callId = call.Id, participant = CallViews.Participant(call, party) });
            party.Send(new { type = "call.negotiate", callId = call.Id, peerEndpointId = call.PeerOf(party)!.Id, polite = party != call.Caller });
        }

        return null;
    }

    private CallingError? Reject(Call call, AgentConnection endpoint)
    {
        if (!call.Ringing.Contains(endpoint) || call.Phase != CallPhase.Ringing)
        {
            return CallingError.WrongState("reject", call.Phase.ToString());
        }

        call.Ringing.Remove(endpoint);
        EndFor(call, endpoint, EndReasons.Declined);
        End(call, EndReasons.Declined, EndReasons.DeclinedElsewhere);
        return null;
    }

    private static CallingError? Relay(Call call, AgentConnection endpoint, JsonElement frame)
    {
        var peer = call.PeerOf(endpoint);
        if (peer is null || call.Phase == CallPhase.Ringing)
        {
            return CallingError.WrongState("negotiate media for", call.Phase.ToString());
        }

        object? description = frame.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.Object ? d.Clone() : null;
        object? candidate = frame.TryGetProperty("candidate", out var c) && c.ValueKind is JsonValueKind.Object ? c.Clone() : null;
        peer.Send(new { type = "signal", callId = call.Id, fromEndpointId = endpoint.Id, description, candidate });
        return null;
    }

    private CallingError? MediaConnected(Call call, AgentConnection endpoint)
    {
        if (!call.IsParty(endpoint) || call.Phase != CallPhase.Connecting)
        {
            return null;
        }

        call.Phase = CallPhase.Connected;
        call.ConnectedAt = time.GetUtcNow();
        BroadcastState(call);
        return null;
    }

    private static CallingError? MediaStateChanged(Call call, AgentConnection endpoint, JsonElement frame)
    {
        if (!call.IsParty(endpoint))
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
                    streams.Add(new StreamInfo(streamId, kind.GetString()!, s.TryGetProperty("mid", out var mid) && mid.ValueKind == JsonValueKind.String ? mid.GetString() : null));
                }
            }
        }

        call.Media[endpoint.Id] = new MediaState(muted, streams);
        if (call.PeerOf(endpoint) is { } peer)
        {
            peer.Send(new { type = "participant.updated", callId = call.Id, participant = CallViews.Participant(call, peer) });
        }

        return null;
    }

    private static CallingError? Hold(Call call, AgentConnection endpoint, bool hold)
    {
        if (!call.IsParty(endpoint) || call.Phase != CallPhase.Connected)
        {
            return CallingError.WrongState(hold ? "hold" : "resume", call.Phase.ToString());
        }

        if (hold ? !call.Holding.Add(endpoint.Id) : !call.Holding.Remove(endpoint.Id))
        {
            return null;
        }

        BroadcastState(call);
        return null;
    }

    private CallingError? HangUp(Call call, AgentConnection endpoint, bool forEveryone)
    {
        if (endpoint == call.Caller && call.Phase == CallPhase.Ringing)
        {
            EndFor(call, endpoint, EndReasons.HungUp);
            End(call, EndReasons.CallerCancelled, EndReasons.CallerCancelled);
            return null;
        }

        if (call.Ringing.Contains(endpoint))
        {
            return Reject(call, endpoint);
        }

        EndFor(call, endpoint, EndReasons.HungUp);
        var other = forEveryone ? EndReasons.EndedForEveryone : EndReasons.EndedByService;
        End(call, other, other);
        return null;
    }

    private static void BroadcastState(Call call)
    {
        foreach (var party in new[] { call.Caller, call.Answered }.OfType<AgentConnection>())
        {
            party.Send(new { type = "call.state", callId = call.Id, state = CallViews.StateFor(call, party) });
            party.Send(new { type = "participant.updated", callId = call.Id, participant = CallViews.Participant(call, party) });
        }
    }

    /// <summary>Ends the call for one endpoint with its own reason; <see cref="End"/> then ends it for the rest.</summary>
    private static void EndFor(Call call, AgentConnection endpoint, CallEndReason reason)
    {
        if (endpoint.Calls.Remove(call.Id))
        {
            endpoint.Send(new { type = "call.ended", callId = call.Id, code = reason.Code, subCode = reason.SubCode });
        }
    }

    /// <summary>Ends the call for everyone still in it: <paramref name="callerReason"/> for the caller, <paramref name="calleeReason"/> for the callee's endpoints.</summary>
    private CallingError? End(Call call, CallEndReason callerReason, CallEndReason calleeReason)
    {
        call.RingTimer?.Dispose();
        EndFor(call, call.Caller, callerReason);
        foreach (var endpoint in call.Ringing.Append(call.Answered).OfType<AgentConnection>().Distinct())
        {
            EndFor(call, endpoint, calleeReason);
        }

        call.Phase = CallPhase.Ended;
        calls.TryRemove(call.Id, out _);
        LogCallEnded(logger, call.Id, callerReason.Code, callerReason.SubCode);
        return null;
    }

    /// <summary>Teams keeps calls in their chat: an ended call is written there with its participants and duration.</summary>
    private async Task RecordIfEndedAsync(Call call)
    {
        if (call.Phase != CallPhase.Ended || call.ThreadId is null || call.Caller.Identity.TeamsUserId is not { } initiator)
        {
            return;
        }

        if (!call.TryMarkRecorded())
        {
            return;
        }

        var participants = new List<Guid> { initiator };
        if (call.Answered is not null && call.Callee.TeamsUserId is { } callee)
        {
            participants.Add(callee);
        }

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

    private static void Refuse(AgentConnection endpoint, string? requestId, string? callId, CallingError error)
        => endpoint.Send(new { type = "error", requestId, callId, code = error.Code, subCode = error.SubCode, message = error.Message });

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Call {CallId} started, ringing {Endpoints} endpoints.")]
    private static partial void LogCallStarted(ILogger logger, string callId, int endpoints);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Call {CallId} ended ({Code}/{SubCode} for the caller).")]
    private static partial void LogCallEnded(ILogger logger, string callId, int code, int subCode);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Call {CallId} could not be written to its chat.")]
    private static partial void LogHistoryFailed(ILogger logger, Exception exception, string callId);
}

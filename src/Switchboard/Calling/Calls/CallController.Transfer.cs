using System.Text.Json;
using Switchboard.Calling.Forwarding;
using Switchboard.Calling.Signaling;

namespace Switchboard.Calling.Calls;

/// <summary>
/// Transfer (blind: ring the target for the transferee; consultative: join the transferor's two other
/// parties) and forwarding (the user's rules, and the <c>forward()</c> extension), all done by the server.
/// </summary>
internal sealed partial class CallController
{
    /// <summary>Forwarding stops after this many hops (a chain a → b → c → d), and never revisits a user.</summary>
    private const int MaxForwardHops = 3;

    /// <summary>
    /// <c>transfer.request</c> with <c>targetParticipant</c> (blind) or <c>targetCallId</c> (consultative).
    /// The transferor hears <c>transfer.state</c> Transferring, then Transferred (its leg ends 0/7015) or Failed.
    /// </summary>
    private async Task TransferAsync(Call call, AgentConnection endpoint, JsonElement frame, string? requestId, CancellationToken cancellationToken)
    {
        var targetCallId = Text(frame, "targetCallId");
        if (targetCallId is not null)
        {
            await ConsultativeTransferAsync(call, endpoint, targetCallId, requestId, cancellationToken);
            return;
        }

        var (target, error) = await targets.IdentityAsync(Text(frame, "targetParticipant") ?? "", cancellationToken);
        var forwardable = !(frame.TryGetProperty("disableForwardingAndUnanswered", out var d) && d.ValueKind == JsonValueKind.True);
        Call? leg = null;
        AgentConnection? transferee = null;
        await GatedAsync(call, () =>
        {
            Party? peer = null;
            error ??= OnlyPeer(call, endpoint, out peer);
            if (error is null && string.Equals(peer!.Identity.RawId, target!.RawId, StringComparison.OrdinalIgnoreCase))
            {
                error = CallingError.TransferNotPossible("The transfer target is the transferee.");
            }

            if (error is not null)
            {
                Refuse(endpoint, requestId, call.Id, error);
                return Task.CompletedTask;
            }

            transferee = peer!.Endpoint!;
            leg = new Call("c-" + Guid.NewGuid().ToString("N"), CallKind.Direct, null, peer.Identity, time.GetUtcNow());
            var party = new Party(peer.Identity) { Endpoint = transferee, Outgoing = true, Transferor = endpoint.Identity };
            leg.Parties.Add(party);
            Attend(leg, party);
            leg.Transfer = new PendingTransfer(call, endpoint, transferee, requestId ?? "");
            calls[leg.Id] = leg;
            transferee.Calls.Add(leg.Id);
            endpoint.Send(new { type = "transfer.state", callId = call.Id, requestId, state = "Transferring" });
            return Task.CompletedTask;
        }, cancellationToken);
        if (leg is null)
        {
            return;
        }

        await GatedAsync(leg, () => InviteAsync(leg, target!, leg.Initiator, endpoint.Identity, forwardable, [], cancellationToken), cancellationToken);
    }

    /// <summary>The one other joined party of a call the endpoint is in (transfers need exactly one).</summary>
    private static CallingError? OnlyPeer(Call call, AgentConnection endpoint, out Party? peer)
    {
        peer = null;
        if (call.JoinedParty(endpoint) is not { MediaUp: true })
        {
            return CallingError.WrongState("transfer", "not connected");
        }

        var others = call.Joined.Where(p => p.Endpoint != endpoint).ToList();
        if (others.Count != 1)
        {
            return CallingError.TransferNotPossible("A transfer needs a call with exactly one other participant.");
        }

        peer = others[0];
        return null;
    }

    /// <summary>The blind transfer's target answered: the transferee learns of its new call, the old leg ends once this gate is free.</summary>
    private void TransferAnswered(Call leg, PendingTransfer transfer)
    {
        leg.Transfer = null;
        transfer.Transferee.Send(new { type = "transfer.accepted", callId = transfer.Original.Id, call = CallViews.Snapshot(leg, transfer.Transferee) });
        leg.Deferred.Add(() => FinishTransferAsync(transfer.Original, transfer.Transferor, transfer.RequestId));
    }

    /// <summary>The blind transfer's target declined, did not answer or was offline: the leg goes away unseen, the original call goes on.</summary>
    private void TransferFailed(Call leg, PendingTransfer transfer, CallEndReason reason)
    {
        leg.Transfer = null;
        transfer.Transferee.Calls.Remove(leg.Id);
        End(leg, EndReasons.EndedByService, EndReasons.CallerCancelled);
        leg.Deferred.Add(() => GatedAsync(transfer.Original, () =>
        {
            transfer.Transferor.Send(new { type = "transfer.state", callId = transfer.Original.Id, requestId = transfer.RequestId, state = "Failed", code = reason.Code, subCode = reason.SubCode });
            return Task.CompletedTask;
        }, CancellationToken.None));
    }

    private Task FinishTransferAsync(Call original, AgentConnection transferor, string requestId) => GatedAsync(original, () =>
    {
        transferor.Send(new { type = "transfer.state", callId = original.Id, requestId, state = "Transferred" });
        End(original, EndReasons.Transferred, EndReasons.Transferred);
        return Task.CompletedTask;
    }, CancellationToken.None);

    /// <summary>Consultative: the transferor's peers in both calls get a new call together; both old calls end 0/7015.</summary>
    private async Task ConsultativeTransferAsync(Call call, AgentConnection endpoint, string targetCallId, string? requestId, CancellationToken cancellationToken)
    {
        var other = Find(targetCallId);
        if (other is null || other == call || !endpoint.Calls.Contains(other.Id))
        {
            Refuse(endpoint, requestId, call.Id, CallingError.UnknownCall(targetCallId));
            return;
        }

        Party? transferee = null;
        Party? target = null;
        CallingError? error = null;
        await GatedAsync(call, () =>
        {
            error = OnlyPeer(call, endpoint, out transferee);
            return Task.CompletedTask;
        }, cancellationToken);
        await GatedAsync(other, () =>
        {
            error ??= OnlyPeer(other, endpoint, out target);
            return Task.CompletedTask;
        }, cancellationToken);
        if (transferee is null || target is null || error is not null)
        {
            Refuse(endpoint, requestId, call.Id, error ?? CallingError.WrongState("transfer", "ended"));
            return;
        }

        endpoint.Send(new { type = "transfer.state", callId = call.Id, requestId, state = "Transferring" });
        var bridged = new Call("c-" + Guid.NewGuid().ToString("N"), CallKind.Direct, null, transferee.Identity, time.GetUtcNow());
        var first = new Party(transferee.Identity) { Endpoint = transferee.Endpoint, Outgoing = true, Transferor = endpoint.Identity, MediaUp = false };
        var second = new Party(target.Identity) { Endpoint = target.Endpoint, Transferor = endpoint.Identity };
        bridged.Parties.AddRange([first, second]);
        bridged.Phase = CallPhase.Active;
        Attend(bridged, first);
        Attend(bridged, second);
        calls[bridged.Id] = bridged;
        first.Endpoint!.Calls.Add(bridged.Id);
        second.Endpoint!.Calls.Add(bridged.Id);
        await GatedAsync(bridged, () =>
        {
            first.Endpoint.Send(new { type = "transfer.accepted", callId = call.Id, call = CallViews.Snapshot(bridged, first.Endpoint) });
            second.Endpoint.Send(new { type = "transfer.accepted", callId = other.Id, call = CallViews.Snapshot(bridged, second.Endpoint) });
            CatchUp(bridged, first);
            CatchUp(bridged, second);
            bridged.Topology.Joined(bridged, second);
            return Task.CompletedTask;
        }, cancellationToken);
        await FinishTransferAsync(call, endpoint, requestId ?? "");
        await GatedAsync(other, () =>
        {
            End(other, EndReasons.Transferred, EndReasons.Transferred);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary><c>call.forward</c> (Switchboard's extension, <c>TeamsIncomingCall.forward(target)</c>): a ringing user sends the call on.</summary>
    private async Task ForwardAsync(Call call, AgentConnection endpoint, JsonElement frame, string? requestId, CancellationToken cancellationToken)
    {
        var (target, error) = await targets.IdentityAsync(Text(frame, "target") ?? "", cancellationToken);
        await GatedAsync(call, async () =>
        {
            var party = call.PartyOf(endpoint);
            if (party is null || party.Endpoint is not null)
            {
                error ??= CallingError.WrongState("forward", "not ringing here");
            }

            if (target is not null && call.PartyOf(target.RawId) is not null)
            {
                error ??= CallingError.AlreadyInCall(target.RawId);
            }

            if (error is not null)
            {
                Refuse(endpoint, requestId, call.Id, error);
                return;
            }

            Ack(endpoint, requestId, call.Id);
            await RedirectAsync(call, party!, target!, call.Initiator, EndReasons.Forwarded, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// The ringing <paramref name="party"/> hands the call to <paramref name="target"/>: its endpoints stop
    /// ringing with <paramref name="endpointReason"/>, the others see it replaced, and the target rings with
    /// <c>transferorInfo</c> = the forwarding user.
    /// </summary>
    private async Task RedirectAsync(Call call, Party party, CallIdentity target, CallIdentity caller, CallEndReason endpointReason, CancellationToken cancellationToken)
    {
        party.RingTimer?.Dispose();
        party.Left = true;
        foreach (var endpoint in party.Ringing)
        {
            Tell(endpoint, call, endpointReason);
        }

        party.Ringing.Clear();
        call.Parties.Remove(party);
        foreach (var viewer in call.Joined)
        {
            viewer.Endpoint!.Send(new { type = "participant.removed", callId = call.Id, rawId = party.Identity.RawId });
        }

        await InviteAsync(call, target, caller, party.Identity, party.Forwardable, party.Visited, cancellationToken);
    }

    private async Task<ForwardingSettings> RulesAsync(string rawId, CancellationToken cancellationToken)
        => services.GetService<IForwardingRules>() is { } rules ? await rules.GetAsync(rawId, cancellationToken) : ForwardingSettings.None;

    /// <summary>The identity to forward to, or null when the chain would loop, is too long, or the target cannot take calls.</summary>
    private async Task<CallIdentity?> ForwardTargetAsync(string rawId, HashSet<string> visited, CancellationToken cancellationToken)
    {
        if (visited.Contains(rawId) || visited.Count > MaxForwardHops)
        {
            return null;
        }

        var (identity, _) = await targets.IdentityAsync(rawId, cancellationToken);
        return identity is not null && !visited.Contains(identity.RawId) ? identity : null;
    }

    /// <summary>Busy: the user is already joined in another call that is under way.</summary>
    private bool IsBusy(string rawId, Call except)
        => calls.Values.Any(c => c != except && c.Phase == CallPhase.Active
            && c.Parties.Any(p => !p.Left && p.Endpoint is not null && string.Equals(p.Identity.RawId, rawId, StringComparison.OrdinalIgnoreCase)));
}

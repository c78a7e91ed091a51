using Switchboard.Calling.Signaling;
using Switchboard.Chat;
using Switchboard.Directory;

namespace Switchboard.Calling.Calls;

/// <summary>
/// Who can be called and in which chat, checked in order: the raw id's kind, the user, their licence,
/// then the thread: a call between Teams users happens in a chat — the one named by <c>threadId</c>
/// (everyone must be a member) or the pair's one-on-one chat, created when missing.
/// </summary>
internal sealed class CallTargets(IServiceScopeFactory scopes, IChatThreads chats, EndpointRegistry endpoints)
{
    /// <summary>The identity behind a raw id: a known, enabled, licensed Teams user or an ACS user.</summary>
    public async Task<(CallIdentity? Identity, CallingError? Error)> IdentityAsync(string rawId, CancellationToken cancellationToken)
    {
        if (rawId.StartsWith("8:orgid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(rawId["8:orgid:".Length..], out var oid))
        {
            await using var scope = scopes.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<IDirectory>().GetUserAsync(oid, cancellationToken);
            if (user is null)
            {
                return (null, CallingError.TargetNotFound(rawId));
            }

            if (!user.AccountEnabled || !user.TeamsEnabled)
            {
                return (null, CallingError.TargetCannotCall(rawId));
            }

            return (new CallIdentity($"8:orgid:{user.Id}", CallIdentity.TeamsUserKind, user.DisplayName, user.Id) { TenantId = user.TenantId }, null);
        }

        if (rawId.StartsWith("8:acs:", StringComparison.OrdinalIgnoreCase))
        {
            var online = endpoints.ForUser(rawId);
            return (new CallIdentity(rawId, CallIdentity.CommunicationUserKind, online.Count > 0 ? online[0].Identity.DisplayName : rawId, null), null);
        }

        return (null, CallingError.UnsupportedTarget(rawId));
    }

    /// <summary>The targets of <c>call.start</c> and the call's chat: the thread (everyone a member) or, for one Teams target, the pair's one-on-one chat.</summary>
    public async Task<(IReadOnlyList<CallIdentity>? Callees, string? ThreadId, CallingError? Error)> ResolveAsync(CallIdentity caller, IReadOnlyList<string> rawIds, string? threadId, CancellationToken cancellationToken)
    {
        var callees = new List<CallIdentity>();
        foreach (var rawId in rawIds)
        {
            if (string.Equals(rawId, caller.RawId, StringComparison.OrdinalIgnoreCase))
            {
                return (null, null, CallingError.BadRequest("A user cannot call themselves."));
            }

            var (callee, error) = await IdentityAsync(rawId, cancellationToken);
            if (error is not null)
            {
                return (null, null, error);
            }

            if (callees.All(c => c.RawId != callee!.RawId))
            {
                callees.Add(callee!);
            }
        }

        if (caller.TeamsUserId is not { } from || callees.Any(c => c.TeamsUserId is null))
        {
            return (callees, null, null);
        }

        if (threadId is not null)
        {
            foreach (var user in callees.Select(c => c.TeamsUserId!.Value).Prepend(from))
            {
                if (!await chats.IsMemberAsync(threadId, user, cancellationToken))
                {
                    return (null, null, CallingError.NotInThread(threadId));
                }
            }

            return (callees, threadId, null);
        }

        if (callees.Count > 1)
        {
            return (null, null, CallingError.GroupNeedsThread());
        }

        var (chatId, failure) = await chats.EnsureOneOnOneAsync(from, callees[0].TeamsUserId!.Value, cancellationToken);
        return failure is not null ? (null, null, CallingError.ExternalBlocked(failure)) : (callees, chatId, null);
    }
}

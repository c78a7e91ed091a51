using Switchboard.Calling.Signaling;
using Switchboard.Chat;
using Switchboard.Directory;

namespace Switchboard.Calling.Calls;

/// <summary>
/// Who can be called and in which chat, checked in order: the raw id's kind, the user, their licence,
/// then the thread: a call between Teams users happens in a chat — the one named by <c>threadId</c>
/// (both must be members) or the pair's one-on-one chat, created when missing.
/// </summary>
internal sealed class CallTargets(IServiceScopeFactory scopes, IChatThreads chats, EndpointRegistry endpoints)
{
    public async Task<(CallIdentity? Callee, string? ThreadId, CallingError? Error)> ResolveAsync(CallIdentity caller, string rawId, string? threadId, CancellationToken cancellationToken)
    {
        if (string.Equals(rawId, caller.RawId, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, CallingError.BadRequest("A user cannot call themselves."));
        }

        CallIdentity callee;
        if (rawId.StartsWith("8:orgid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(rawId["8:orgid:".Length..], out var oid))
        {
            await using var scope = scopes.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<IDirectory>().GetUserAsync(oid, cancellationToken);
            if (user is null)
            {
                return (null, null, CallingError.TargetNotFound(rawId));
            }

            if (!user.AccountEnabled || !user.TeamsEnabled)
            {
                return (null, null, CallingError.TargetCannotCall(rawId));
            }

            callee = new CallIdentity($"8:orgid:{user.Id}", CallIdentity.TeamsUserKind, user.DisplayName, user.Id);
        }
        else if (rawId.StartsWith("8:acs:", StringComparison.OrdinalIgnoreCase))
        {
            var online = endpoints.ForUser(rawId);
            callee = new CallIdentity(rawId, CallIdentity.CommunicationUserKind, online.Count > 0 ? online[0].Identity.DisplayName : rawId, null);
        }
        else
        {
            return (null, null, CallingError.UnsupportedTarget(rawId));
        }

        if (caller.TeamsUserId is not { } from || callee.TeamsUserId is not { } to)
        {
            return (callee, null, null);
        }

        if (threadId is not null)
        {
            var both = await chats.IsMemberAsync(threadId, from, cancellationToken) && await chats.IsMemberAsync(threadId, to, cancellationToken);
            return both ? (callee, threadId, null) : (null, null, CallingError.NotInThread(threadId));
        }

        var (chatId, error) = await chats.EnsureOneOnOneAsync(from, to, cancellationToken);
        return error is not null ? (null, null, CallingError.ExternalBlocked(error)) : (callee, chatId, null);
    }
}

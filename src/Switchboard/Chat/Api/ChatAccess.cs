using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Graph;

namespace Switchboard.Chat.Api;

/// <summary>
/// Who may see what: the user a path names (<c>/me</c>, <c>/users/{id|upn}</c>), and a chat as that
/// user sees it. Delegated callers act only for themselves and see only chats they are in; an
/// application with a chat-read role sees the chats of its own tenant's users.
/// </summary>
internal sealed class ChatAccess(ChatDb db, IDirectory directory)
{
    public ChatDb Db => db;

    /// <summary>The subject of the request: the path's user, else the signed-in user; null for an app on <c>/chats</c>.</summary>
    public async Task<(Guid? Subject, GraphError? Error)> SubjectAsync(HttpContext http)
    {
        var caller = http.GraphCaller();
        var pathUser = http.GetRouteValue("user") as string;
        if (pathUser is null)
        {
            return (caller.UserId, null);
        }

        var user = await ResolveUserAsync(pathUser, http.RequestAborted);
        if (caller.IsApplication)
        {
            return user is null || user.TenantId != caller.TenantId ? (null, GraphErrors.UserNotFound(pathUser)) : (user.Id, null);
        }

        return user?.Id == caller.User ? (user.Id, null) : (null, GraphErrors.OnlyForSelf());
    }

    /// <summary>A chat and the subject's membership, or the 404/403 Graph answers.</summary>
    public async Task<(ChatThread? Chat, ChatMember? Member, GraphError? Error)> OpenAsync(HttpContext http, string chatId)
    {
        var (subject, error) = await SubjectAsync(http);
        if (error is not null)
        {
            return (null, null, error);
        }

        var chat = await db.Chats.AsNoTracking().FirstOrDefaultAsync(c => c.Id == chatId, http.RequestAborted);
        if (chat is null)
        {
            return (null, null, GraphErrors.ChatNotFound(chatId));
        }

        if (subject is { } user)
        {
            var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.ChatId == chatId && m.UserId == user, http.RequestAborted);
            return member is null ? (null, null, GraphErrors.NotAMember()) : (chat, member, null);
        }

        // An application without a path user: the chat must include someone from its tenant.
        var tenant = http.GraphCaller().TenantId;
        var inTenant = await db.Members.AsNoTracking().AnyAsync(m => m.ChatId == chatId && m.TenantId == tenant, http.RequestAborted);
        return inTenant ? (chat, null, null) : (null, null, GraphErrors.NotAMember());
    }

    /// <summary>For reads that take no OData options (get message, list members): any but <c>$select</c> is 400, then <see cref="OpenAsync"/>.</summary>
    public async Task<(ChatThread? Chat, ChatMember? Member, GraphError? Error)> OpenWithoutOptionsAsync(HttpContext http, string chatId)
    {
        var (_, queryError) = GraphQuery.Parse(http.Request);
        return queryError is not null ? (null, null, queryError) : await OpenAsync(http, chatId);
    }

    /// <summary>Messages created before this are hidden from the subject.</summary>
    public static DateTimeOffset VisibleFrom(ChatMember? member) => member?.VisibleHistoryStart ?? DateTimeOffset.MinValue;

    public async Task<DirectoryUser?> ResolveUserAsync(string idOrUpn, CancellationToken cancellationToken)
        => Guid.TryParse(idOrUpn, out var id)
            ? await directory.GetUserAsync(id, cancellationToken)
            : idOrUpn.Contains('@', StringComparison.Ordinal) ? await directory.FindUserAsync(idOrUpn, cancellationToken) : null;

    /// <summary>Teams external access: both tenants must allow chat across organisations.</summary>
    public async Task<GraphError?> CheckExternalAsync(Guid callerTenant, Guid otherTenant, CancellationToken cancellationToken)
    {
        if (callerTenant == otherTenant)
        {
            return null;
        }

        foreach (var id in new[] { callerTenant, otherTenant })
        {
            var tenant = await directory.GetTenantAsync(id, cancellationToken);
            if (tenant is null || !tenant.ExternalChatAllowed)
            {
                return GraphErrors.ExternalChatBlocked(tenant?.Domain ?? id.ToString());
            }
        }

        return null;
    }

    public static bool WantsUnknownEnums(HttpRequest request)
        => request.Headers["Prefer"].Any(p => p is not null && p.Contains("include-unknown-enum-members", StringComparison.OrdinalIgnoreCase));

    public static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}

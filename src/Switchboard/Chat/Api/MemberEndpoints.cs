using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Events;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;
using Switchboard.Chat.Writing;
using Switchboard.Graph;

namespace Switchboard.Chat.Api;

/// <summary>Members: list, get, add (group chats, with history sharing), remove, and the bulk actions (graph-chat.md §3.6).</summary>
internal static class MemberEndpoints
{
    public static async Task<IResult> ListAsync(HttpContext http, string chatId, ChatAccess access)
    {
        var (chat, _, error) = await access.OpenWithoutOptionsAsync(http, chatId);
        if (error is not null)
        {
            return error.ToResult();
        }

        var members = await access.Db.Members.AsNoTracking().Where(m => m.ChatId == chat!.Id).OrderBy(m => m.JoinedAt).ToListAsync(http.RequestAborted);
        return GraphJson.Ok(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"{ChatAccess.Origin(http.Request)}/v1.0/$metadata#chats('{Uri.EscapeDataString(chatId)}')/members",
            ["@odata.count"] = members.Count,
            ["value"] = members.Select(ChatViewBuilder.Member).ToList(),
        });
    }

    public static async Task<IResult> GetAsync(HttpContext http, string chatId, string membershipId, ChatAccess access)
    {
        var (chat, _, error) = await access.OpenAsync(http, chatId);
        if (error is not null)
        {
            return error.ToResult();
        }

        var member = await access.Db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.ChatId == chat!.Id && m.MembershipId == membershipId, http.RequestAborted);
        return member is null ? GraphErrors.MemberNotFound(membershipId).ToResult() : GraphJson.Ok(ChatViewBuilder.Member(member));
    }

    public static async Task<IResult> AddAsync(HttpContext http, string chatId, ChatAccess access, ChatWriter writer)
    {
        var (body, error) = await GraphBody.ReadAsync<MemberRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (member, addError) = await AddOneAsync(http, chatId, body!, access, writer);
        if (addError is not null)
        {
            return addError.ToResult();
        }

        var view = ChatViewBuilder.Member(member!);
        http.Response.Headers.Location = $"{ChatAccess.Origin(http.Request)}/v1.0/chats/{Uri.EscapeDataString(chatId)}/members/{view.Id}";
        return GraphJson.Ok(view, StatusCodes.Status201Created);
    }

    public static async Task<IResult> RemoveAsync(HttpContext http, string chatId, string membershipId, ChatAccess access, ChatWriter writer)
    {
        var error = await RemoveOneAsync(http, chatId, m => m.MembershipId == membershipId, membershipId, access, writer);
        return error?.ToResult() ?? Results.NoContent();
    }

    /// <summary><c>POST …/members/add</c>: each member added on its own; the result lists what happened to each.</summary>
    public static Task<IResult> AddManyAsync(HttpContext http, string chatId, ChatAccess access, ChatWriter writer)
        => EachMemberAsync(http, chatId, access, async request =>
        {
            var (member, addError) = await AddOneAsync(http, chatId, request, access, writer);
            return ActionResult(member?.UserId.ToString() ?? MemberInput.BoundUser(request.UserBind ?? string.Empty), addError);
        });

    /// <summary><c>POST …/members/remove</c>: members named by <c>user@odata.bind</c>.</summary>
    public static Task<IResult> RemoveManyAsync(HttpContext http, string chatId, ChatAccess access, ChatWriter writer)
        => EachMemberAsync(http, chatId, access, async request =>
        {
            var key = MemberInput.BoundUser(request.UserBind ?? string.Empty);
            var user = key is null ? null : await access.ResolveUserAsync(key, http.RequestAborted);
            var removeError = user is null
                ? GraphErrors.UserNotFound(key ?? request.UserBind ?? "null")
                : await RemoveOneAsync(http, chatId, m => m.UserId == user.Id, key!, access, writer);
            return ActionResult(user?.Id.ToString() ?? key, removeError);
        });

    /// <summary>The bulk actions: <c>{"values":[…]}</c>; access to the chat is all or nothing, then each member succeeds or fails on its own.</summary>
    private static async Task<IResult> EachMemberAsync(HttpContext http, string chatId, ChatAccess access, Func<MemberRequest, Task<Dictionary<string, object?>>> each)
    {
        var (body, error) = await GraphBody.ReadAsync<MembersActionRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (body!.Values is not { Count: > 0 } values)
        {
            return GraphErrors.MissingProperty("values").ToResult();
        }

        var (_, _, openError) = await access.OpenAsync(http, chatId);
        if (openError is not null)
        {
            return openError.ToResult();
        }

        var results = new List<object>();
        foreach (var request in values)
        {
            results.Add(await each(request ?? new MemberRequest()));
        }

        return GraphJson.Ok(new Dictionary<string, object?> { ["value"] = results });
    }

    private static Dictionary<string, object?> ActionResult(string? userId, GraphError? error) => new()
    {
        ["@odata.type"] = "#microsoft.graph.aadUserConversationMemberResult",
        ["userId"] = userId,
        ["error"] = error is null ? null : new Dictionary<string, object?> { ["code"] = error.Code, ["message"] = error.Message },
    };

    private static async Task<(ChatMember? Member, GraphError? Error)> AddOneAsync(HttpContext http, string chatId, MemberRequest request, ChatAccess access, ChatWriter writer)
    {
        var caller = http.GraphCaller();
        var (input, inputError) = await MemberInput.ReadAsync(request, access, http.RequestAborted);
        if (inputError is not null)
        {
            return (null, inputError);
        }

        var (subject, subjectError) = await access.SubjectAsync(http);
        if (subjectError is not null)
        {
            return (null, subjectError);
        }

        if (await access.CheckExternalAsync(caller.TenantId, input!.User.TenantId, http.RequestAborted) is { } external)
        {
            return (null, external);
        }

        return await writer.WriteAsync<(ChatMember?, GraphError?)>(async (db, scope, ct) =>
        {
            var (chat, members, me, error) = await LoadAsync(db, chatId, subject, ct);
            if (error is not null)
            {
                return (null, error);
            }

            if (chat!.Type == ChatType.OneOnOne)
            {
                return (null, GraphErrors.RosterFixed());
            }

            if (members.Any(m => m.UserId == input.User.Id))
            {
                return (null, GraphErrors.AlreadyMember(input.User.UserPrincipalName));
            }

            // Omitted: the new member sees nothing from before joining; 0001-01-01: the whole history.
            var visibleFrom = input.VisibleHistoryStart is { } v ? (v.Year <= 1 ? DateTimeOffset.MinValue : v.ToUniversalTime()) : scope.Now;
            var member = MemberInput.NewMember(chatId, input.User, input.Roles, visibleFrom, scope.Now);
            db.Members.Add(member);
            scope.MembersChanged(chatId);
            chat.LastUpdatedAt = scope.Now;
            db.Chats.Update(chat);
            var message = SystemEvents.MembersAdded(chatId, scope.NextMessageId(chatId), scope.Now, SystemEvents.Identity.Of(me!), [SystemEvents.Identity.Of(member)], visibleFrom);
            MessageEndpoints.Append(db, chat, message);
            var recipients = members.Select(m => m.UserId).Append(member.UserId).ToList();
            scope.Publish(new ChatEvent(ChatEventKind.MembersAdded, chatId, chat.TenantId, recipients, member.MembershipId, new[] { ChatViewBuilder.Member(member) }, scope.Now));
            scope.Publish(new ChatEvent(ChatEventKind.MessageCreated, chatId, chat.TenantId, recipients, message.Id.ToString(CultureInfo.InvariantCulture), ChatViewBuilder.Message(message, unknownEnums: true), scope.Now));
            return (member, null);
        }, http.RequestAborted);
    }

    private static async Task<GraphError?> RemoveOneAsync(HttpContext http, string chatId, Func<ChatMember, bool> which, string name, ChatAccess access, ChatWriter writer)
    {
        var (subject, subjectError) = await access.SubjectAsync(http);
        if (subjectError is not null)
        {
            return subjectError;
        }

        return await writer.WriteAsync<GraphError?>(async (db, scope, ct) =>
        {
            var (chat, members, me, error) = await LoadAsync(db, chatId, subject, ct);
            if (error is not null)
            {
                return error;
            }

            var target = members.FirstOrDefault(which);
            if (target is null)
            {
                return GraphErrors.MemberNotFound(name);
            }

            if (chat!.Type == ChatType.OneOnOne)
            {
                return GraphErrors.RosterFixed();
            }

            if (members.Count == 1)
            {
                return GraphErrors.CannotRemoveLastMember();
            }

            db.Members.Remove(target);
            scope.MembersChanged(chatId);
            chat.LastUpdatedAt = scope.Now;
            db.Chats.Update(chat);
            var message = SystemEvents.MembersDeleted(chatId, scope.NextMessageId(chatId), scope.Now, SystemEvents.Identity.Of(me!), [SystemEvents.Identity.Of(target)]);
            MessageEndpoints.Append(db, chat, message);
            var all = members.Select(m => m.UserId).ToList();
            var remaining = all.Where(u => u != target.UserId).ToList();
            scope.Publish(new ChatEvent(ChatEventKind.MembersRemoved, chatId, chat.TenantId, all, target.MembershipId, new[] { ChatViewBuilder.Member(target) }, scope.Now));
            scope.Publish(new ChatEvent(ChatEventKind.MessageCreated, chatId, chat.TenantId, remaining, message.Id.ToString(CultureInfo.InvariantCulture), ChatViewBuilder.Message(message, unknownEnums: true), scope.Now));
            return null;
        }, http.RequestAborted);
    }

    private static async Task<(ChatThread? Chat, List<ChatMember> Members, ChatMember? Me, GraphError? Error)> LoadAsync(ChatDb db, string chatId, Guid? subject, CancellationToken ct)
    {
        var chat = await db.Chats.AsNoTracking().FirstOrDefaultAsync(c => c.Id == chatId, ct);
        if (chat is null)
        {
            return (null, [], null, GraphErrors.ChatNotFound(chatId));
        }

        var members = await db.Members.AsNoTracking().Where(m => m.ChatId == chatId).ToListAsync(ct);
        var me = members.FirstOrDefault(m => m.UserId == subject);
        return me is null ? (null, members, null, GraphErrors.NotAMember()) : (chat, members, me, null);
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Events;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;
using Switchboard.Chat.Writing;
using Switchboard.Graph;

namespace Switchboard.Chat.Api;

/// <summary>Chats: create, get, list, rename, and the caller's hide and read state (graph-chat.md §3.1-3.5).</summary>
internal static class ChatEndpoints
{
    private const int DefaultChatPage = 20;

    public static async Task<IResult> CreateAsync(HttpContext http, ChatAccess access, ChatWriter writer)
    {
        var caller = http.GraphCaller();
        var (body, error) = await GraphBody.ReadAsync<CreateChatRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        ChatType? type = body!.ChatType?.Trim().ToLowerInvariant() switch
        {
            "oneonone" => ChatType.OneOnOne,
            "group" => ChatType.Group,
            _ => null,
        };
        if (type is null)
        {
            return (body.ChatType is null ? GraphErrors.MissingProperty("chatType") : GraphErrors.InvalidChatType(body.ChatType)).ToResult();
        }

        if (body.Members is not { Count: > 0 })
        {
            return GraphErrors.MissingProperty("members").ToResult();
        }

        var inputs = new List<MemberInput>();
        foreach (var request in body.Members)
        {
            var (input, memberError) = await MemberInput.ReadAsync(request ?? new MemberRequest(), access, http.RequestAborted);
            if (memberError is not null)
            {
                return memberError.ToResult();
            }

            if (inputs.Any(i => i.User.Id == input!.User.Id))
            {
                return GraphErrors.DuplicateMember(input!.User.UserPrincipalName).ToResult();
            }

            inputs.Add(input!);
        }

        if (inputs.All(i => i.User.Id != caller.User))
        {
            return GraphErrors.CallerNotInMembers().ToResult();
        }

        if (type == ChatType.OneOnOne && (inputs.Count != 2 || body.Topic is not null))
        {
            return (body.Topic is not null ? GraphErrors.TopicOnlyForGroup() : GraphErrors.OneOnOneNeedsTwo()).ToResult();
        }

        if (type == ChatType.Group && inputs.Count < 2)
        {
            return GraphErrors.GroupNeedsMembers().ToResult();
        }

        if (body.Topic is { Length: > 256 })
        {
            return GraphErrors.InvalidProperty("topic", "at most 256 characters.").ToResult();
        }

        foreach (var input in inputs)
        {
            if (await access.CheckExternalAsync(caller.TenantId, input.User.TenantId, http.RequestAborted) is { } external)
            {
                return external.ToResult();
            }
        }

        var origin = ChatAccess.Origin(http.Request);
        var view = await writer.WriteAsync(async (db, scope, ct) =>
        {
            var id = type == ChatType.OneOnOne ? OneOnOneId(inputs[0].User.Id, inputs[1].User.Id) : $"19:{Guid.NewGuid():N}@thread.v2";
            var existing = await db.Chats.FindAsync([id], ct);
            if (existing is not null)
            {
                var mine = await db.Members.AsNoTracking().FirstAsync(m => m.ChatId == id && m.UserId == caller.User, ct);
                return ChatViewBuilder.Chat(existing, origin, mine);
            }

            var chat = new ChatThread
            {
                Id = id,
                Type = type.Value,
                Topic = string.IsNullOrWhiteSpace(body.Topic) ? null : body.Topic.Trim(),
                TenantId = caller.TenantId,
                CreatedAt = scope.Now,
                LastUpdatedAt = scope.Now,
                LastActivityAt = scope.Now,
            };
            db.Chats.Add(chat);
            var members = inputs.Select(i => MemberInput.NewMember(id, i.User, i.Roles, DateTimeOffset.MinValue, scope.Now)).ToList();
            db.Members.AddRange(members);
            var chatView = ChatViewBuilder.Chat(chat, origin, members.First(m => m.UserId == caller.User));
            scope.Publish(new ChatEvent(ChatEventKind.ChatCreated, id, chat.TenantId, members.Select(m => m.UserId).ToList(), id, chatView with { Viewpoint = null, Members = members.Select(ChatViewBuilder.Member).ToList() }, scope.Now));
            return chatView;
        }, http.RequestAborted);
        return GraphJson.Ok(view, StatusCodes.Status201Created);
    }

    /// <summary>One chat per pair of users, whoever creates it: the id is made from the two ids in order.</summary>
    public static string OneOnOneId(Guid a, Guid b)
    {
        var (first, second) = string.CompareOrdinal(a.ToString(), b.ToString()) < 0 ? (a, b) : (b, a);
        return $"19:{first}_{second}@unq.gbl.spaces";
    }

    public static async Task<IResult> GetAsync(HttpContext http, string chatId, ChatAccess access)
    {
        var (query, queryError) = GraphQuery.Parse(http.Request, "expand");
        if (queryError is not null)
        {
            return queryError.ToResult();
        }

        var expand = ParseExpand(query!);
        if (expand.Error is not null)
        {
            return expand.Error.ToResult();
        }

        var (chat, member, error) = await access.OpenAsync(http, chatId);
        if (error is not null)
        {
            return error.ToResult();
        }

        var views = await ExpandAsync(http, access.Db, [(chat!, member)], expand.Members, expand.Preview);
        return GraphJson.Ok(views[0]);
    }

    public static async Task<IResult> ListAsync(HttpContext http, ChatAccess access, GraphPaging paging)
    {
        var (query, queryError) = GraphQuery.Parse(http.Request, "top", "skiptoken", "expand", "filter", "orderby", "count");
        if (queryError is not null)
        {
            return queryError.ToResult();
        }

        var expand = ParseExpand(query!);
        if (expand.Error is not null)
        {
            return expand.Error.ToResult();
        }

        if (query!.OrderBy is { } orderBy && !IsChatOrder(orderBy))
        {
            return GraphErrors.InvalidOrderBy(orderBy, "lastMessagePreview/createdDateTime desc").ToResult();
        }

        var (subject, subjectError) = await access.SubjectAsync(http);
        if (subjectError is not null)
        {
            return subjectError.ToResult();
        }

        if (subject is not { } user)
        {
            // Graph: applications list chats only through /users/{id}/chats.
            return GraphErrors.ApplicationNotSupported().ToResult();
        }

        var db = access.Db;
        var chats = db.Members.AsNoTracking().Where(m => m.UserId == user).Join(db.Chats.AsNoTracking(), m => m.ChatId, c => c.Id, (m, c) => new { Chat = c, Member = m });
        if (query.Filter is { } filterText)
        {
            var (node, parseError) = ODataFilter.Parse(filterText);
            if (parseError is not null)
            {
                return parseError.ToResult();
            }

            var (filtered, filterError) = ChatFilter.Apply(chats.Select(x => x.Chat), node!, db);
            if (filterError is not null)
            {
                return filterError.ToResult();
            }

            chats = chats.Where(x => filtered.Any(c => c.Id == x.Chat.Id));
        }

        int? total = query.Count ? await chats.CountAsync(http.RequestAborted) : null;
        if (query.SkipToken is { } token)
        {
            if (!paging.TryUnprotect(http.Request, token, out var position) || !TryPosition(position, out var ticks, out var lastId))
            {
                return GraphErrors.InvalidSkipToken().ToResult();
            }

            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            chats = chats.Where(x => x.Chat.LastActivityAt < at || (x.Chat.LastActivityAt == at && string.Compare(x.Chat.Id, lastId) < 0));
        }

        var top = query.Top ?? DefaultChatPage;
        var page = await chats.OrderByDescending(x => x.Chat.LastActivityAt).ThenByDescending(x => x.Chat.Id).Take(top + 1).ToListAsync(http.RequestAborted);
        var more = page.Count > top;
        var rows = page.Take(top).Select(x => (x.Chat, (ChatMember?)x.Member)).ToList();
        var views = await ExpandAsync(http, db, rows, expand.Members, expand.Preview);
        var result = new Dictionary<string, object?> { ["@odata.context"] = $"{ChatAccess.Origin(http.Request)}/v1.0/$metadata#chats" };
        if (total is not null)
        {
            result["@odata.count"] = total;
        }

        if (more)
        {
            var last = rows[^1].Chat;
            result["@odata.nextLink"] = paging.NextLink(http.Request, $"{last.LastActivityAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{last.Id}");
        }

        result["value"] = views;
        return GraphJson.Ok(result);
    }

    public static async Task<IResult> UpdateAsync(HttpContext http, string chatId, ChatAccess access, ChatWriter writer)
    {
        var caller = http.GraphCaller();
        var (body, error) = await GraphBody.ReadAsync<PatchChatRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (string.IsNullOrWhiteSpace(body!.Topic) || body.Topic.Length > 256)
        {
            return GraphErrors.InvalidProperty("topic", "a topic of 1 to 256 characters is required.").ToResult();
        }

        var (_, _, openError) = await access.OpenAsync(http, chatId);
        if (openError is not null)
        {
            return openError.ToResult();
        }

        var origin = ChatAccess.Origin(http.Request);
        var topic = body.Topic.Trim();
        var (view, writeError) = await writer.WriteAsync<(ChatView?, GraphError?)>(async (db, scope, ct) =>
        {
            var chat = await db.Chats.FindAsync([chatId], ct);
            var members = await db.Members.AsNoTracking().Where(m => m.ChatId == chatId).ToListAsync(ct);
            var me = members.FirstOrDefault(m => m.UserId == caller.User);
            if (chat is null || me is null)
            {
                return (null, chat is null ? GraphErrors.ChatNotFound(chatId) : GraphErrors.NotAMember());
            }

            if (chat.Type != ChatType.Group)
            {
                return (null, GraphErrors.TopicOnlyForGroup());
            }

            chat.Topic = topic;
            chat.LastUpdatedAt = scope.Now;
            var recipients = members.Select(m => m.UserId).ToList();
            var message = SystemEvents.ChatRenamed(chatId, scope.NextMessageId(chatId), scope.Now, SystemEvents.Identity.Of(me), topic);
            MessageEndpoints.Append(db, chat, message);
            var chatView = ChatViewBuilder.Chat(chat, origin, me);
            scope.Publish(new ChatEvent(ChatEventKind.ChatUpdated, chatId, chat.TenantId, recipients, chatId, chatView with { Viewpoint = null }, scope.Now));
            scope.Publish(new ChatEvent(ChatEventKind.MessageCreated, chatId, chat.TenantId, recipients, message.Id.ToString(CultureInfo.InvariantCulture), ChatViewBuilder.Message(message, unknownEnums: true), scope.Now));
            return (chatView, null);
        }, http.RequestAborted);
        return writeError?.ToResult() ?? GraphJson.Ok(view!);
    }

    /// <summary><c>hideForUser</c>, <c>unhideForUser</c>, <c>markChatReadForUser</c>, <c>markChatUnreadForUser</c>.</summary>
    public static Func<HttpContext, string, ChatAccess, ChatWriter, Task<IResult>> UserAction(string action) => async (http, chatId, access, writer) =>
    {
        var caller = http.GraphCaller();
        var (body, error) = await GraphBody.ReadAsync<UserActionRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (body!.User?.Id is not { } named)
        {
            return GraphErrors.MissingProperty("user").ToResult();
        }

        if (!Guid.TryParse(named, out var target) || target != caller.User)
        {
            return GraphErrors.OnlyForSelf().ToResult();
        }

        var (_, _, openError) = await access.OpenAsync(http, chatId);
        if (openError is not null)
        {
            return openError.ToResult();
        }

        var writeError = await writer.WriteAsync<GraphError?>(async (db, scope, ct) =>
        {
            var member = await db.Members.FindAsync([chatId, caller.User], ct);
            var chat = await db.Chats.AsNoTracking().FirstOrDefaultAsync(c => c.Id == chatId, ct);
            if (member is null || chat is null)
            {
                return GraphErrors.NotAMember();
            }

            scope.MembersChanged(chatId);
            switch (action)
            {
                case "hideForUser":
                    member.IsHidden = true;
                    break;
                case "unhideForUser":
                    member.IsHidden = false;
                    break;
                case "markChatReadForUser":
                    member.LastReadAt = scope.Now;
                    break;
                default:
                    member.LastReadAt = body.LastMessageReadDateTime ?? (chat.LastMessageId is null ? null : chat.LastActivityAt.AddMilliseconds(-1));
                    break;
            }

            scope.Publish(new ChatEvent(ChatEventKind.ChatUpdated, chatId, chat.TenantId, [caller.User], chatId, ChatViewBuilder.Chat(chat, ChatAccess.Origin(http.Request), member), scope.Now));
            return null;
        }, http.RequestAborted);
        return writeError?.ToResult() ?? Results.NoContent();
    };

    private static bool IsChatOrder(string orderBy)
    {
        var normalized = string.Join(' ', orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

        // Graph honours only the last message order; lastUpdatedDateTime is accepted and ignored (graph-chat.md §3.3).
        return normalized is "lastmessagepreview/createddatetime desc" or "lastupdateddatetime desc" or "lastupdateddatetime";
    }

    private static (bool Members, bool Preview, GraphError? Error) ParseExpand(GraphQuery query)
    {
        bool members = false, preview = false;
        foreach (var item in query.Expand)
        {
            if (string.Equals(item, "members", StringComparison.OrdinalIgnoreCase))
            {
                members = true;
            }
            else if (string.Equals(item, "lastMessagePreview", StringComparison.OrdinalIgnoreCase))
            {
                preview = true;
            }
            else
            {
                return (false, false, GraphErrors.InvalidExpand(item, "members, lastMessagePreview"));
            }
        }

        return (members, preview, null);
    }

    private static bool TryPosition(string position, out long ticks, out string id)
    {
        var split = position.IndexOf('|', StringComparison.Ordinal);
        id = split < 0 ? string.Empty : position[(split + 1)..];
        ticks = 0;
        return split > 0 && long.TryParse(position.AsSpan(0, split), NumberStyles.None, CultureInfo.InvariantCulture, out ticks);
    }

    private static async Task<List<ChatView>> ExpandAsync(HttpContext http, ChatDb db, List<(ChatThread Chat, ChatMember? Member)> rows, bool members, bool preview)
    {
        var origin = ChatAccess.Origin(http.Request);
        var ids = rows.Select(r => r.Chat.Id).ToList();
        var rosters = members
            ? (await db.Members.AsNoTracking().Where(m => ids.Contains(m.ChatId)).OrderBy(m => m.JoinedAt).ToListAsync(http.RequestAborted)).ToLookup(m => m.ChatId)
            : null;
        Dictionary<string, ChatMessageRecord>? previews = null;
        if (preview)
        {
            var lastIds = rows.Where(r => r.Chat.LastMessageId is not null).Select(r => r.Chat.LastMessageId!.Value).ToList();
            previews = (await db.Messages.AsNoTracking().Where(m => ids.Contains(m.ChatId) && lastIds.Contains(m.Id)).ToListAsync(http.RequestAborted))
                .Where(m => rows.Any(r => r.Chat.Id == m.ChatId && r.Chat.LastMessageId == m.Id))
                .ToDictionary(m => m.ChatId);
        }

        var unknownEnums = ChatAccess.WantsUnknownEnums(http.Request);
        return rows.Select(r =>
        {
            var view = ChatViewBuilder.Chat(r.Chat, origin, r.Member);
            if (rosters is not null)
            {
                view = view with { Members = rosters[r.Chat.Id].Select(ChatViewBuilder.Member).ToList() };
            }

            if (previews is not null && previews.TryGetValue(r.Chat.Id, out var last) && last.CreatedAt >= ChatAccess.VisibleFrom(r.Member))
            {
                view = view with { LastMessagePreview = ChatViewBuilder.Preview(last, unknownEnums) };
            }

            return view;
        }).ToList();
    }
}

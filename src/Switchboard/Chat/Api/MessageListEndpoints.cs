using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Model;
using Switchboard.Graph;

namespace Switchboard.Chat.Api;

/// <summary>
/// Message lists: a chat's messages and all of a user's messages (graph-chat.md §3.8, §3.13). Newest
/// first by <c>lastModifiedDateTime</c> (or <c>createdDateTime</c>); a <c>$filter</c> on the ordering
/// property narrows the range, one on the other property is ignored as Graph does. Keyset paging.
/// </summary>
internal static class MessageListEndpoints
{
    private const int DefaultPage = 20;

    public static async Task<IResult> ListAsync(HttpContext http, string chatId, ChatAccess access, GraphPaging paging)
    {
        var (options, error) = ReadOptions(http, paging);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (chat, member, openError) = await access.OpenAsync(http, chatId);
        if (openError is not null)
        {
            return openError.ToResult();
        }

        var visibleFrom = ChatAccess.VisibleFrom(member);
        var messages = access.Db.Messages.AsNoTracking().Where(m => m.ChatId == chat!.Id && m.CreatedAt >= visibleFrom);
        return await PageAsync(http, paging, messages, options!, $"chats('{Uri.EscapeDataString(chatId)}')/messages");
    }

    public static async Task<IResult> AllMessagesAsync(HttpContext http, ChatAccess access, GraphPaging paging)
    {
        var (options, error) = ReadOptions(http, paging);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (subject, subjectError) = await access.SubjectAsync(http);
        if (subjectError is not null)
        {
            return subjectError.ToResult();
        }

        if (subject is not { } user)
        {
            return GraphErrors.UnknownSegment("getAllMessages").ToResult();
        }

        var db = access.Db;
        var messages = db.Messages.AsNoTracking()
            .Join(db.Members.AsNoTracking().Where(m => m.UserId == user), m => m.ChatId, mb => mb.ChatId, (m, mb) => new { Message = m, mb.VisibleHistoryStart })
            .Where(x => x.Message.CreatedAt >= x.VisibleHistoryStart)
            .Select(x => x.Message);
        return await PageAsync(http, paging, messages, options! with { OrderByCreated = false }, "Collection(chatMessage)");
    }

    private sealed record ListOptions(int Top, bool OrderByCreated, DateTimeOffset? After, DateTimeOffset? Before, (long Ticks, long Id, string ChatId)? Position, bool Count);

    private static (ListOptions? Options, GraphError? Error) ReadOptions(HttpContext http, GraphPaging paging)
    {
        var (query, error) = GraphQuery.Parse(http.Request, "top", "skiptoken", "filter", "orderby", "count");
        if (error is not null)
        {
            return (null, error);
        }

        var orderByCreated = false;
        if (query!.OrderBy is { } orderBy)
        {
            var normalized = string.Join(' ', orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
            orderByCreated = normalized switch
            {
                "lastmodifieddatetime desc" => false,
                "createddatetime desc" => true,
                _ => (bool?)null,
            } ?? false;
            if (normalized is not ("lastmodifieddatetime desc" or "createddatetime desc"))
            {
                return (null, GraphErrors.InvalidOrderBy(orderBy, "lastModifiedDateTime desc, createdDateTime desc"));
            }
        }

        DateTimeOffset? after = null, before = null;
        if (query.Filter is { } filterText)
        {
            var (node, parseError) = ODataFilter.Parse(filterText);
            if (parseError is not null)
            {
                return (null, parseError);
            }

            var comparisons = new List<FilterComparison>();
            if (Flatten(node!, comparisons) is { } shapeError)
            {
                return (null, shapeError);
            }

            foreach (var c in comparisons)
            {
                var property = c.Property.ToLowerInvariant();
                var allowed = property switch
                {
                    "lastmodifieddatetime" => c.Operator is "gt" or "lt",
                    "createddatetime" => c.Operator is "lt",
                    _ => false,
                };
                if (!allowed)
                {
                    return (null, GraphErrors.FilterOperatorNotAllowed(c.Property, ODataFilter.OperationKind(c.Operator)));
                }

                if (!c.Value.TryInstant(out var instant))
                {
                    return (null, GraphErrors.InvalidFilter($"'{c.Value.Text}' is not a date and time."));
                }

                // Honoured only when $orderby names the same property; otherwise (and without $orderby) ignored, as Graph does.
                if (query.OrderBy is null || (property == "createddatetime") != orderByCreated)
                {
                    continue;
                }

                if (c.Operator == "gt")
                {
                    after = after is null || instant > after ? instant : after;
                }
                else
                {
                    before = before is null || instant < before ? instant : before;
                }
            }
        }

        (long, long, string)? position = null;
        if (query.SkipToken is { } token)
        {
            var parts = paging.TryUnprotect(http.Request, token, out var text) ? text.Split('|') : [];
            if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return (null, GraphErrors.InvalidSkipToken());
            }

            position = (ticks, id, parts[2]);
        }

        return (new ListOptions(query.Top ?? DefaultPage, orderByCreated, after, before, position, query.Count), null);
    }

    private static IQueryable<ChatMessageRecord> Filtered(IQueryable<ChatMessageRecord> messages, ListOptions options)
    {
        if (options.OrderByCreated)
        {
            return options.Before is { } createdBefore ? messages.Where(m => m.CreatedAt < createdBefore) : messages;
        }

        if (options.After is { } after)
        {
            messages = messages.Where(m => m.LastModifiedAt > after);
        }

        return options.Before is { } before ? messages.Where(m => m.LastModifiedAt < before) : messages;
    }

    private static GraphError? Flatten(FilterNode node, List<FilterComparison> into)
    {
        switch (node)
        {
            case FilterComparison c:
                into.Add(c);
                return null;
            case FilterLogical { Operator: "and" } and:
                return Flatten(and.Left, into) ?? Flatten(and.Right, into);
            default:
                return GraphErrors.InvalidFilter("Messages can be filtered by lastModifiedDateTime gt/lt or createdDateTime lt, joined with 'and'.");
        }
    }

    private static async Task<IResult> PageAsync(HttpContext http, GraphPaging paging, IQueryable<ChatMessageRecord> messages, ListOptions options, string context)
    {
        var result = new Dictionary<string, object?> { ["@odata.context"] = $"{ChatAccess.Origin(http.Request)}/v1.0/$metadata#{context}" };
        if (options.Count)
        {
            // OData's count is of the whole (filtered) collection, not of this page.
            result["@odata.count"] = await Filtered(messages, options).CountAsync(http.RequestAborted);
        }

        messages = Filtered(messages, options);
        if (options.OrderByCreated)
        {
            // Ids are creation milliseconds, so the primary key orders by creation.
            if (options.Position is { } p)
            {
                messages = messages.Where(m => m.Id < p.Id);
            }

            messages = messages.OrderByDescending(m => m.Id);
        }
        else
        {
            if (options.Position is { } p)
            {
                var at = new DateTimeOffset(p.Ticks, TimeSpan.Zero);
                messages = messages.Where(m => m.LastModifiedAt < at || (m.LastModifiedAt == at && (m.Id < p.Id || (m.Id == p.Id && string.Compare(m.ChatId, p.ChatId) < 0))));
            }

            messages = messages.OrderByDescending(m => m.LastModifiedAt).ThenByDescending(m => m.Id).ThenByDescending(m => m.ChatId);
        }

        var page = await messages.Take(options.Top + 1).ToListAsync(http.RequestAborted);
        var unknownEnums = ChatAccess.WantsUnknownEnums(http.Request);
        if (page.Count > options.Top)
        {
            var last = page[options.Top - 1];
            result["@odata.nextLink"] = paging.NextLink(http.Request, string.Create(CultureInfo.InvariantCulture, $"{last.LastModifiedAt.UtcTicks}|{last.Id}|{last.ChatId}"));
        }

        result["value"] = page.Take(options.Top).Select(m => ChatViewBuilder.Message(m, unknownEnums)).ToList();
        return GraphJson.Ok(result);
    }
}

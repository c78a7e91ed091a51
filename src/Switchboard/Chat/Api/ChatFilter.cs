using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;
using Switchboard.Graph;

namespace Switchboard.Chat.Api;

/// <summary>
/// The <c>$filter</c> forms list chats honours (graph-chat.md §3.3), joined with <c>and</c>:
/// <c>chatType eq '…'</c>, <c>topic eq '…'</c>, and <c>members/any(o: o/displayName eq '…')</c>
/// (also <c>o/userId</c>, <c>o/email</c>). They become SQL, so paging stays in the database.
/// </summary>
internal static class ChatFilter
{
    public static (IQueryable<ChatThread> Query, GraphError? Error) Apply(IQueryable<ChatThread> chats, FilterNode node, ChatDb db)
    {
        switch (node)
        {
            case FilterLogical { Operator: "and" } and:
                var (left, leftError) = Apply(chats, and.Left, db);
                return leftError is not null ? (chats, leftError) : Apply(left, and.Right, db);

            case FilterComparison { Operator: "eq" } c when c.Property.Equals("chatType", StringComparison.OrdinalIgnoreCase):
                ChatType? type = c.Value.Text.ToLowerInvariant() switch
                {
                    "oneonone" => ChatType.OneOnOne,
                    "group" => ChatType.Group,
                    "meeting" => ChatType.Meeting,
                    _ => null,
                };
                return type is { } t ? (chats.Where(x => x.Type == t), null) : (chats, GraphErrors.InvalidFilter($"Unknown chatType '{c.Value.Text}'."));

            case FilterComparison { Operator: "eq" } c when c.Property.Equals("topic", StringComparison.OrdinalIgnoreCase):
                var topic = c.Value.Text;
                return (c.Value.IsString ? chats.Where(x => x.Topic == topic) : chats.Where(x => x.Topic == null), null);

            case FilterAny any when any.Collection.Equals("members", StringComparison.OrdinalIgnoreCase)
                && any.Body is FilterComparison { Operator: "eq" } inner:
                var property = inner.Property.StartsWith(any.Variable + "/", StringComparison.Ordinal) ? inner.Property[(any.Variable.Length + 1)..].ToLowerInvariant() : null;
                var value = inner.Value.Text;
                return property switch
                {
                    "displayname" => (chats.Where(x => db.Members.Any(m => m.ChatId == x.Id && m.DisplayName == value)), null),
                    "email" => (chats.Where(x => db.Members.Any(m => m.ChatId == x.Id && m.Email == value)), null),
                    "userid" when Guid.TryParse(value, out var user) => (chats.Where(x => db.Members.Any(m => m.ChatId == x.Id && m.UserId == user)), null),
                    _ => (chats, GraphErrors.InvalidFilter($"members/any supports displayName, email and userId with eq; got '{inner.Property}'.")),
                };

            case FilterComparison c:
                return (chats, GraphErrors.FilterOperatorNotAllowed(c.Property, ODataFilter.OperationKind(c.Operator)));

            default:
                return (chats, GraphErrors.InvalidFilter("List chats supports chatType eq, topic eq and members/any(...) joined with 'and'."));
        }
    }
}

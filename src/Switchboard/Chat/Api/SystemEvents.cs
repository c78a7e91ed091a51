using System.Text.Json;
using Switchboard.Chat.Model;
using Switchboard.Graph;

namespace Switchboard.Chat.Api;

/// <summary>
/// The system event messages Teams writes into a chat (members added or removed, chat renamed), with
/// the typed <c>eventDetail</c> Kiota needs to build the right subclass.
/// </summary>
internal static class SystemEvents
{
    public static ChatMessageRecord MembersAdded(string chatId, long id, DateTimeOffset now, Identity initiator, IEnumerable<Identity> members, DateTimeOffset visibleFrom)
        => Record(chatId, id, now, new Dictionary<string, object?>
        {
            ["@odata.type"] = "#microsoft.graph.membersAddedEventMessageDetail",
            ["visibleHistoryStartDateTime"] = GraphJson.Format(visibleFrom),
            ["members"] = members.Select(Teamwork).ToList(),
            ["initiator"] = IdentitySet(initiator),
        });

    public static ChatMessageRecord MembersDeleted(string chatId, long id, DateTimeOffset now, Identity initiator, IEnumerable<Identity> members)
        => Record(chatId, id, now, new Dictionary<string, object?>
        {
            ["@odata.type"] = "#microsoft.graph.membersDeletedEventMessageDetail",
            ["members"] = members.Select(Teamwork).ToList(),
            ["initiator"] = IdentitySet(initiator),
        });

    public static ChatMessageRecord ChatRenamed(string chatId, long id, DateTimeOffset now, Identity initiator, string topic)
        => Record(chatId, id, now, new Dictionary<string, object?>
        {
            ["@odata.type"] = "#microsoft.graph.chatRenamedEventMessageDetail",
            ["chatId"] = chatId,
            ["chatDisplayName"] = topic,
            ["initiator"] = IdentitySet(initiator),
        });

    /// <summary>For the calling service: a call in this chat ended (Graph's <c>callEndedEventMessageDetail</c>).</summary>
    public static ChatMessageRecord CallEnded(string chatId, long id, DateTimeOffset now, string callId, TimeSpan duration, IEnumerable<Identity> participants, Identity initiator)
        => Record(chatId, id, now, new Dictionary<string, object?>
        {
            ["@odata.type"] = "#microsoft.graph.callEndedEventMessageDetail",
            ["callId"] = callId,
            ["callDuration"] = System.Xml.XmlConvert.ToString(duration),
            ["callEventType"] = "call",
            ["callParticipants"] = participants.Select(p => new Dictionary<string, object?> { ["participant"] = IdentitySet(p) }).ToList(),
            ["initiator"] = IdentitySet(initiator),
        });

    private static ChatMessageRecord Record(string chatId, long id, DateTimeOffset now, Dictionary<string, object?> detail) => new()
    {
        ChatId = chatId,
        Id = id,
        Version = id,
        IsSystemEvent = true,
        CreatedAt = now,
        LastModifiedAt = now,
        BodyType = "html",
        Body = "<systemEventMessage/>",
        Importance = "normal",
        EventDetail = JsonSerializer.Serialize(detail, GraphJson.Options),
    };

    private static Dictionary<string, object?> Teamwork(Identity identity) => new()
    {
        ["@odata.type"] = "#microsoft.graph.teamworkUserIdentity",
        ["id"] = identity.Id.ToString(),
        ["displayName"] = identity.DisplayName,
        ["userIdentityType"] = "aadUser",
        ["tenantId"] = identity.TenantId.ToString(),
    };

    private static Dictionary<string, object?> IdentitySet(Identity identity) => new()
    {
        ["application"] = null,
        ["device"] = null,
        ["user"] = Teamwork(identity),
    };

    internal sealed record Identity(Guid Id, string DisplayName, Guid TenantId)
    {
        public static Identity Of(ChatMember member) => new(member.UserId, member.DisplayName, member.TenantId);
    }
}

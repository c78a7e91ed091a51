using System.Text.Json.Serialization;
using Switchboard.Chat.Model;

namespace Switchboard.Chat.Api;

// Graph's resources as the SDKs read them (graph-chat.md §2). Records are written with explicit nulls;
// navigation properties appear only when expanded.

internal sealed record ChatView(
    string Id,
    string? Topic,
    DateTimeOffset CreatedDateTime,
    DateTimeOffset LastUpdatedDateTime,
    string ChatType,
    string WebUrl,
    string TenantId,
    object? OnlineMeetingInfo,
    ViewpointView? Viewpoint,
    bool IsHiddenForAllMembers)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MemberView>? Members { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MessagePreviewView? LastMessagePreview { get; init; }
}

internal sealed record ViewpointView(bool IsHidden, DateTimeOffset? LastMessageReadDateTime);

internal sealed record MemberView(
    [property: JsonPropertyName("@odata.type")] string ODataType,
    string Id,
    IReadOnlyList<string> Roles,
    string DisplayName,
    DateTimeOffset VisibleHistoryStartDateTime,
    string UserId,
    string? Email,
    string TenantId);

internal sealed record UserIdentityView(
    [property: JsonPropertyName("@odata.type")] string ODataType,
    string Id,
    string? DisplayName,
    string UserIdentityType,
    string? TenantId)
{
    public static UserIdentityView For(Guid id, string? name, Guid? tenant) =>
        new("#microsoft.graph.teamworkUserIdentity", id.ToString(), name, "aadUser", tenant?.ToString());
}

internal sealed record IdentitySetView(object? Application, object? Device, UserIdentityView? User);

internal sealed record ItemBodyView(string ContentType, string Content);

internal sealed record ReactionView(string ReactionType, string? DisplayName, string? ReactionContentUrl, DateTimeOffset CreatedDateTime, IdentitySetView User);

internal sealed record HistoryItemView(DateTimeOffset ModifiedDateTime, string Actions, ReactionView Reaction);

internal sealed record MessageView(
    [property: JsonPropertyName("@odata.type")] string ODataType,
    string Id,
    string? ReplyToId,
    string Etag,
    string MessageType,
    DateTimeOffset CreatedDateTime,
    DateTimeOffset LastModifiedDateTime,
    DateTimeOffset? LastEditedDateTime,
    DateTimeOffset? DeletedDateTime,
    string? Subject,
    string? Summary,
    string ChatId,
    string Importance,
    string Locale,
    string? WebUrl,
    object? ChannelIdentity,
    object? PolicyViolation,
    RawJson? EventDetail,
    IdentitySetView? From,
    ItemBodyView Body,
    RawJson Attachments,
    RawJson Mentions,
    IReadOnlyList<ReactionView> Reactions,
    IReadOnlyList<HistoryItemView> MessageHistory);

internal sealed record MessagePreviewView(
    string Id,
    DateTimeOffset CreatedDateTime,
    string MessageType,
    bool IsDeleted,
    ItemBodyView Body,
    IdentitySetView? From,
    RawJson? EventDetail);

/// <summary>Builds the views from stored rows. <c>unknownEnums</c> is Graph's <c>Prefer: include-unknown-enum-members</c>.</summary>
internal static class ChatViewBuilder
{
    public static string ChatTypeName(ChatType type) => type switch
    {
        ChatType.OneOnOne => "oneOnOne",
        ChatType.Group => "group",
        _ => "meeting",
    };

    public static ChatView Chat(ChatThread chat, string origin, ChatMember? viewer) => new(
        chat.Id,
        chat.Topic,
        chat.CreatedAt,
        chat.LastUpdatedAt,
        ChatTypeName(chat.Type),
        $"{origin}/chats/{Uri.EscapeDataString(chat.Id)}?tenantId={chat.TenantId}",
        chat.TenantId.ToString(),
        Meetings.MeetingViewBuilder.ChatInfo(chat),
        viewer is null ? null : new ViewpointView(viewer.IsHidden, viewer.LastReadAt),
        false);

    public static MemberView Member(ChatMember member) => new(
        "#microsoft.graph.aadUserConversationMember",
        member.MembershipId,
        member.Roles,
        member.DisplayName,
        member.VisibleHistoryStart,
        member.UserId.ToString(),
        member.Email,
        member.TenantId.ToString());

    public static MessageView Message(ChatMessageRecord m, bool unknownEnums)
    {
        var deleted = m.DeletedAt is not null;
        return new(
            "#microsoft.graph.chatMessage",
            m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null,
            m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            MessageType(m, unknownEnums),
            m.CreatedAt,
            m.LastModifiedAt,
            m.LastEditedAt,
            m.DeletedAt,
            deleted ? null : m.Subject,
            null,
            m.ChatId,
            m.Importance,
            "en-us",
            null,
            null,
            null,
            m.EventDetail is null ? null : new RawJson(m.EventDetail),
            From(m),
            new ItemBodyView(m.BodyType, deleted ? string.Empty : m.Body),
            deleted ? RawJson.EmptyArray : new RawJson(m.Attachments),
            deleted ? RawJson.EmptyArray : new RawJson(m.Mentions),
            m.Reactions.Select(Reaction).ToList(),
            m.History.Select(h => new HistoryItemView(h.ModifiedAt, h.Action, Reaction(h.Reaction))).ToList());
    }

    public static MessagePreviewView Preview(ChatMessageRecord m, bool unknownEnums) => new(
        m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        m.CreatedAt,
        MessageType(m, unknownEnums),
        m.DeletedAt is not null,
        new ItemBodyView(m.BodyType, m.DeletedAt is null ? m.Body : string.Empty),
        From(m),
        m.EventDetail is null ? null : new RawJson(m.EventDetail));

    private static string MessageType(ChatMessageRecord m, bool unknownEnums)
        => !m.IsSystemEvent ? "message" : unknownEnums ? "systemEventMessage" : "unknownFutureValue";

    private static IdentitySetView? From(ChatMessageRecord m)
        => m.FromUserId is { } user ? new IdentitySetView(null, null, UserIdentityView.For(user, m.FromName, m.FromTenantId)) : null;

    private static ReactionView Reaction(ReactionRecord r) => new(
        r.ReactionType,
        ReactionNames.DisplayName(r.ReactionType),
        null,
        r.CreatedAt,
        new IdentitySetView(null, null, UserIdentityView.For(r.UserId, r.UserName, r.UserTenantId)));
}

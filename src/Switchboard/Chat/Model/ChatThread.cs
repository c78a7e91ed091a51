namespace Switchboard.Chat.Model;

/// <summary>A chat (Graph's <c>chat</c>): one-on-one, group, or meeting. Named thread to keep it apart from the namespace.</summary>
internal sealed class ChatThread
{
    /// <summary><c>19:{a}_{b}@unq.gbl.spaces</c> for one-on-one (so the pair has one chat), <c>19:{hex}@thread.v2</c> otherwise.</summary>
    public required string Id { get; set; }

    public ChatType Type { get; set; }

    public string? Topic { get; set; }

    /// <summary>The tenant of the user who created the chat.</summary>
    public Guid TenantId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Renamed or membership changed; not the last message (Graph's meaning).</summary>
    public DateTimeOffset LastUpdatedAt { get; set; }

    public long? LastMessageId { get; set; }

    /// <summary>Orders chat lists by <c>lastMessagePreview/createdDateTime desc</c>; the chat's creation when empty.</summary>
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>A meeting chat's join link (Graph's <c>onlineMeetingInfo.joinWebUrl</c>); null for other chats.</summary>
    public string? JoinWebUrl { get; set; }

    /// <summary>A meeting chat's organizer (<c>onlineMeetingInfo.organizer</c>); null for other chats.</summary>
    public Guid? OrganizerId { get; set; }
}

internal enum ChatType
{
    OneOnOne,
    Group,
    Meeting,
}

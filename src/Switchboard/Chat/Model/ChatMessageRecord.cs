namespace Switchboard.Chat.Model;

/// <summary>
/// A stored message. Ids are epoch milliseconds as in Graph, unique within the chat. Mentions,
/// attachments and the event detail are kept as the JSON the API speaks, read and written whole.
/// </summary>
internal sealed class ChatMessageRecord
{
    public required string ChatId { get; set; }

    public long Id { get; set; }

    public long Version { get; set; }

    public bool IsSystemEvent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastModifiedAt { get; set; }

    public DateTimeOffset? LastEditedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public string? Subject { get; set; }

    /// <summary><c>text</c> or <c>html</c>.</summary>
    public required string BodyType { get; set; }

    public required string Body { get; set; }

    public required string Importance { get; set; }

    public Guid? FromUserId { get; set; }

    public string? FromName { get; set; }

    public Guid? FromTenantId { get; set; }

    /// <summary>JSON array of <c>chatMessageMention</c>.</summary>
    public string Mentions { get; set; } = "[]";

    /// <summary>JSON array of <c>chatMessageAttachment</c>.</summary>
    public string Attachments { get; set; } = "[]";

    public List<ReactionRecord> Reactions { get; set; } = [];

    public List<ReactionHistoryRecord> History { get; set; } = [];

    /// <summary>JSON object of the <c>eventDetail</c> with its <c>@odata.type</c>, for system events.</summary>
    public string? EventDetail { get; set; }
}

internal sealed record ReactionRecord(string ReactionType, Guid UserId, string UserName, Guid UserTenantId, DateTimeOffset CreatedAt);

internal sealed record ReactionHistoryRecord(DateTimeOffset ModifiedAt, string Action, ReactionRecord Reaction);

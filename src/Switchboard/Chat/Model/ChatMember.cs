namespace Switchboard.Chat.Model;

/// <summary>A user in a chat (Graph's <c>aadUserConversationMember</c>) and that user's view of it.</summary>
internal sealed class ChatMember
{
    public required string ChatId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The opaque membership id Graph clients use in <c>/members/{id}</c>.</summary>
    public required string MembershipId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Copied from the directory when the user joined, as Graph's roster shows it.</summary>
    public required string DisplayName { get; set; }

    public string? Email { get; set; }

    public List<string> Roles { get; set; } = [];

    /// <summary>Messages created before this are hidden from the member; <see cref="DateTimeOffset.MinValue"/> shows all.</summary>
    public DateTimeOffset VisibleHistoryStart { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    public bool IsHidden { get; set; }

    public DateTimeOffset? LastReadAt { get; set; }
}

namespace Switchboard.Chat.Model;

/// <summary>A change-notification subscription (Graph's <c>subscription</c>) and what it watches.</summary>
internal sealed class ChatSubscription
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The signed-in user who created it; null for an application.</summary>
    public Guid? CreatorId { get; set; }

    public Guid AppId { get; set; }

    /// <summary>As the client wrote it (Graph echoes it back).</summary>
    public required string Resource { get; set; }

    public SubscriptionTarget Target { get; set; }

    /// <summary>The chat for chat-scoped targets, else null.</summary>
    public string? ChatId { get; set; }

    /// <summary>The user whose chats <see cref="SubscriptionTarget.AllMessages"/> follows.</summary>
    public Guid? UserId { get; set; }

    /// <summary>Comma-separated, e.g. <c>created,updated</c>.</summary>
    public required string ChangeTypes { get; set; }

    public required string NotificationUrl { get; set; }

    public string? LifecycleNotificationUrl { get; set; }

    public string? ClientState { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the token that created or last reauthorized it expires: <c>reauthorizationRequired</c> follows.</summary>
    public DateTimeOffset AuthorizedUntil { get; set; }

    public bool ReauthorizationSent { get; set; }

    public string LatestSupportedTlsVersion { get; set; } = "v1_2";
}

internal enum SubscriptionTarget
{
    /// <summary><c>/chats/{id}/messages</c>.</summary>
    ChatMessages,

    /// <summary><c>/users/{id}/chats/getAllMessages</c>: every chat the user is in.</summary>
    AllMessages,

    /// <summary><c>/chats/{id}/members</c>.</summary>
    ChatMembers,
}

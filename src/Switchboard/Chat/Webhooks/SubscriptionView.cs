using Switchboard.Chat.Model;

namespace Switchboard.Chat.Webhooks;

/// <summary>Graph's <c>subscription</c> resource.</summary>
internal sealed record SubscriptionView(
    string Id,
    string Resource,
    string ApplicationId,
    string ChangeType,
    string? ClientState,
    string NotificationUrl,
    object? NotificationQueryOptions,
    string? LifecycleNotificationUrl,
    DateTimeOffset ExpirationDateTime,
    string? CreatorId,
    bool IncludeResourceData,
    string LatestSupportedTlsVersion,
    object? EncryptionCertificate,
    object? EncryptionCertificateId,
    object? NotificationUrlAppId)
{
    public static SubscriptionView Of(ChatSubscription s) => new(
        s.Id.ToString(),
        s.Resource,
        s.AppId.ToString(),
        s.ChangeTypes,
        s.ClientState,
        s.NotificationUrl,
        null,
        s.LifecycleNotificationUrl,
        s.ExpiresAt,
        (s.CreatorId ?? s.AppId).ToString(),
        false,
        s.LatestSupportedTlsVersion,
        null,
        null,
        null);
}

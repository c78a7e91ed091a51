using System.Text.RegularExpressions;
using Switchboard.Chat.Model;

namespace Switchboard.Chat.Webhooks;

internal sealed class SubscriptionRequest
{
    public string? ChangeType { get; set; }

    public string? NotificationUrl { get; set; }

    public string? LifecycleNotificationUrl { get; set; }

    public string? Resource { get; set; }

    public DateTimeOffset? ExpirationDateTime { get; set; }

    public string? ClientState { get; set; }

    public bool? IncludeResourceData { get; set; }

    public string? LatestSupportedTlsVersion { get; set; }
}

/// <summary>The resources Switchboard can watch, parsed from <c>resource</c> as clients write it.</summary>
internal static partial class SubscriptionResource
{
    public static (SubscriptionTarget Target, string? ChatId, string? User)? Parse(string resource)
    {
        var path = resource.Trim();
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        path = path.TrimStart('/');
        if (path.StartsWith("v1.0/", StringComparison.OrdinalIgnoreCase))
        {
            path = path[5..];
        }

        var chat = ChatPath().Match(path);
        if (chat.Success)
        {
            var id = Uri.UnescapeDataString(chat.Groups["id"].Value);
            var target = chat.Groups["what"].Value.Equals("messages", StringComparison.OrdinalIgnoreCase) ? SubscriptionTarget.ChatMessages : SubscriptionTarget.ChatMembers;
            return (target, id, null);
        }

        var all = AllMessagesPath().Match(path);
        if (all.Success)
        {
            return (SubscriptionTarget.AllMessages, null, all.Groups["user"].Success ? Uri.UnescapeDataString(all.Groups["user"].Value) : null);
        }

        return null;
    }

    [GeneratedRegex(@"^chats(?:\('(?<id>[^']+)'\)|/(?<id>[^/]+))/(?<what>messages|members)$", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex ChatPath();

    [GeneratedRegex(@"^(?:users(?:\('(?<user>[^']+)'\)|/(?<user>[^/]+))|me)/chats/getAllMessages(?:\(\))?$", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex AllMessagesPath();
}

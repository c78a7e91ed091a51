using System.Net;
using Microsoft.Extensions.Options;
using Switchboard.Graph;

namespace Switchboard.Chat.Webhooks;

/// <summary>Which notification URLs are allowed: configuration, checked in order (scheme, host list, loopback and private addresses).</summary>
internal sealed class WebhookDestinations(IOptionsMonitor<ChatOptions> options)
{
    public GraphError? Check(string? url, string property)
    {
        var settings = options.CurrentValue.Webhooks;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return GraphErrors.NotificationUrlNotAllowed($"{property} must be an absolute http(s) URL without user info or fragment.");
        }

        var loopback = uri.IsLoopback;
        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            return loopback && settings.AllowLoopbackHttp ? null : GraphErrors.NotificationUrlNotAllowed($"{property} must use https (plain http is allowed only to loopback in development).");
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return GraphErrors.NotificationUrlNotAllowed($"{property} must use https.");
        }

        if (settings.AllowedHosts is { Count: > 0 } hosts && !hosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            return GraphErrors.NotificationUrlNotAllowed($"host '{uri.Host}' is not in Chat:Webhooks:AllowedHosts.");
        }

        if (!settings.AllowPrivateHttps && (loopback || (IPAddress.TryParse(uri.Host, out var address) && IsPrivate(address))))
        {
            return GraphErrors.NotificationUrlNotAllowed("private and loopback addresses are turned off (Chat:Webhooks:AllowPrivateHttps).");
        }

        return null;
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal
            || (b.Length == 4 && (b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)));
    }
}

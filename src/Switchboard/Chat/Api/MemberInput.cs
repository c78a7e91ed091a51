using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Chat.Model;
using Switchboard.Directory.Model;
using Switchboard.Graph;

namespace Switchboard.Chat.Api;

/// <summary>A member named in a request, checked in order: type, roles, binding, user.</summary>
internal sealed record MemberInput(DirectoryUser User, List<string> Roles, DateTimeOffset? VisibleHistoryStart)
{
    private const string MemberType = "#microsoft.graph.aadUserConversationMember";

    public static async Task<(MemberInput? Input, GraphError? Error)> ReadAsync(MemberRequest request, ChatAccess access, CancellationToken cancellationToken)
    {
        if (request.ODataType is { } type && !string.Equals(type, MemberType, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(type, MemberType[1..], StringComparison.OrdinalIgnoreCase))
        {
            return (null, GraphErrors.InvalidODataType(type));
        }

        if (request.Roles is null || request.Roles.Count == 0)
        {
            return (null, GraphErrors.RolesRequired());
        }

        var roles = new List<string>();
        foreach (var role in request.Roles)
        {
            var normalized = role?.Trim().ToLowerInvariant();
            if (normalized is not ("owner" or "guest"))
            {
                return (null, GraphErrors.UnsupportedRole(role ?? "null"));
            }

            if (!roles.Contains(normalized))
            {
                roles.Add(normalized);
            }
        }

        if (request.UserBind is null)
        {
            return (null, GraphErrors.MissingProperty("user@odata.bind"));
        }

        var key = BoundUser(request.UserBind);
        if (key is null)
        {
            return (null, GraphErrors.InvalidUserBind(request.UserBind));
        }

        var user = await access.ResolveUserAsync(key, cancellationToken);
        if (user is null)
        {
            return (null, GraphErrors.UserNotFound(key));
        }

        if (!user.AccountEnabled)
        {
            return (null, GraphErrors.UserCannotChat(user.UserPrincipalName));
        }

        return (new MemberInput(user, roles, request.VisibleHistoryStartDateTime), null);
    }

    /// <summary>
    /// <c>…/users('{id or upn}')</c> or <c>…/users/{id or upn}</c>, absolute or relative, any host:
    /// SDK users copy <c>https://graph.microsoft.com/v1.0/users(...)</c> from the docs.
    /// </summary>
    public static string? BoundUser(string bind)
    {
        var match = Regex.Match(Uri.UnescapeDataString(bind.Trim()), @"users(?:\('(?<key>[^']+)'\)|/(?<key>[^/?#()]+))/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups["key"].Value : null;
    }

    public static ChatMember NewMember(string chatId, DirectoryUser user, List<string> roles, DateTimeOffset visibleFrom, DateTimeOffset now) => new()
    {
        ChatId = chatId,
        UserId = user.Id,
        MembershipId = MembershipId(user.TenantId, chatId, user.Id),
        TenantId = user.TenantId,
        DisplayName = user.DisplayName,
        Email = user.UserPrincipalName,
        Roles = roles,
        VisibleHistoryStart = visibleFrom,
        JoinedAt = now,
    };

    /// <summary>Graph's membership ids are base64 of tenant, chat and user; ours are base64url, so never contain '/'.</summary>
    public static string MembershipId(Guid tenant, string chatId, Guid user)
        => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"0##{tenant}##{chatId}##{user}"));
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Chat.Api;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;
using Switchboard.Graph;

namespace Switchboard.Chat.Webhooks;

/// <summary>
/// <c>/subscriptions</c>: create (with the validation handshake), get, list, renew, reauthorize and
/// delete (graph-chat.md §3.14). A subscription belongs to the app and user that created it.
/// </summary>
internal static class SubscriptionEndpoints
{
    public static readonly GraphPermission Manage = GraphPermission.DelegatedOnly("Chat.Read", "Chat.ReadWrite", "ChatMember.Read", "ChatMember.ReadWrite", "Chat.ReadBasic")
        .OrApplication("Chat.Read.All", "Chat.ReadWrite.All", "ChatMember.Read.All", "ChatMember.ReadWrite.All");

    private static readonly string[] ChangeTypes = ["created", "updated", "deleted"];

    public static async Task<IResult> CreateAsync(
        HttpContext http, ChatAccess access, WebhookDestinations destinations, WebhookClient webhooks, SubscriptionCache cache, TimeProvider time, IOptionsMonitor<ChatOptions> options)
    {
        var caller = http.GraphCaller();
        var (body, error) = await GraphBody.ReadAsync<SubscriptionRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        var now = time.GetUtcNow();
        var (changeTypes, changeError) = ReadChangeTypes(body!.ChangeType);
        var resource = body.Resource is null ? null : SubscriptionResource.Parse(body.Resource);
        error = changeError
            ?? (body.NotificationUrl is null ? GraphErrors.MissingProperty("notificationUrl") : destinations.Check(body.NotificationUrl, "notificationUrl"))
            ?? (body.LifecycleNotificationUrl is null ? null : destinations.Check(body.LifecycleNotificationUrl, "lifecycleNotificationUrl"))
            ?? (body.Resource is null ? GraphErrors.MissingProperty("resource") : resource is null ? GraphErrors.UnsupportedResource(body.Resource) : null)
            ?? CheckExpiration(body.ExpirationDateTime, body.LifecycleNotificationUrl, now, options.CurrentValue.Webhooks.MaxLifetimeMinutes)
            ?? (body.IncludeResourceData == true ? GraphErrors.ResourceDataNotSupported() : null);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (target, chatId, userKey) = resource!.Value;
        var (userId, accessError) = await AuthorizeResourceAsync(http, access, caller, target, chatId, userKey);
        if (accessError is not null)
        {
            return accessError.ToResult();
        }

        foreach (var url in new[] { body.NotificationUrl!, body.LifecycleNotificationUrl }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await webhooks.ValidateAsync(url, http.RequestAborted) is { } handshake)
            {
                return handshake.ToResult();
            }
        }

        var subscription = new ChatSubscription
        {
            Id = Guid.NewGuid(),
            TenantId = caller.TenantId,
            CreatorId = caller.UserId,
            AppId = caller.AppId,
            Resource = body.Resource!,
            Target = target,
            ChatId = chatId,
            UserId = userId,
            ChangeTypes = string.Join(',', changeTypes!),
            NotificationUrl = body.NotificationUrl!,
            LifecycleNotificationUrl = body.LifecycleNotificationUrl,
            ClientState = body.ClientState,
            ExpiresAt = body.ExpirationDateTime!.Value,
            CreatedAt = now,
            AuthorizedUntil = caller.ExpiresOn,
            LatestSupportedTlsVersion = body.LatestSupportedTlsVersion ?? "v1_2",
        };
        access.Db.Subscriptions.Add(subscription);
        await access.Db.SaveChangesAsync(http.RequestAborted);
        cache.Invalidate();
        return GraphJson.Ok(SubscriptionView.Of(subscription), StatusCodes.Status201Created);
    }

    public static async Task<IResult> ListAsync(HttpContext http, ChatDb db)
    {
        var caller = http.GraphCaller();
        var mine = await db.Subscriptions.AsNoTracking()
            .Where(s => s.TenantId == caller.TenantId && s.AppId == caller.AppId && s.CreatorId == caller.UserId)
            .OrderBy(s => s.CreatedAt)
            .ToListAsync(http.RequestAborted);
        return GraphJson.Ok(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"{ChatAccess.Origin(http.Request)}/v1.0/$metadata#subscriptions",
            ["value"] = mine.Select(SubscriptionView.Of).ToList(),
        });
    }

    public static async Task<IResult> GetAsync(HttpContext http, string id, ChatDb db)
    {
        var (subscription, error) = await OwnAsync(http, id, db, track: false);
        return error?.ToResult() ?? GraphJson.Ok(SubscriptionView.Of(subscription!));
    }

    /// <summary>Renewing also reauthorizes, as in Graph: the new token's lifetime is the new authorization.</summary>
    public static async Task<IResult> RenewAsync(HttpContext http, string id, ChatDb db, SubscriptionCache cache, TimeProvider time, IOptionsMonitor<ChatOptions> options)
    {
        var (body, error) = await GraphBody.ReadAsync<SubscriptionRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (subscription, ownError) = await OwnAsync(http, id, db, track: true);
        if (ownError is not null)
        {
            return ownError.ToResult();
        }

        var expiration = body!.ExpirationDateTime ?? subscription!.ExpiresAt;
        if (CheckExpiration(expiration, subscription!.LifecycleNotificationUrl, time.GetUtcNow(), options.CurrentValue.Webhooks.MaxLifetimeMinutes) is { } expirationError)
        {
            return expirationError.ToResult();
        }

        if (body.ClientState is not null)
        {
            subscription.ClientState = body.ClientState;
        }

        subscription.ExpiresAt = expiration;
        subscription.AuthorizedUntil = http.GraphCaller().ExpiresOn;
        subscription.ReauthorizationSent = false;
        await db.SaveChangesAsync(http.RequestAborted);
        cache.Invalidate();
        return GraphJson.Ok(SubscriptionView.Of(subscription));
    }

    public static async Task<IResult> ReauthorizeAsync(HttpContext http, string id, ChatDb db, SubscriptionCache cache)
    {
        var (subscription, error) = await OwnAsync(http, id, db, track: true);
        if (error is not null)
        {
            return error.ToResult();
        }

        subscription!.AuthorizedUntil = http.GraphCaller().ExpiresOn;
        subscription.ReauthorizationSent = false;
        await db.SaveChangesAsync(http.RequestAborted);
        cache.Invalidate();
        return Results.NoContent();
    }

    public static async Task<IResult> DeleteAsync(HttpContext http, string id, ChatDb db, SubscriptionCache cache)
    {
        var (subscription, error) = await OwnAsync(http, id, db, track: true);
        if (error is not null)
        {
            return error.ToResult();
        }

        db.Subscriptions.Remove(subscription!);
        await db.SaveChangesAsync(http.RequestAborted);
        cache.Invalidate();
        return Results.NoContent();
    }

    private static (List<string>? Types, GraphError? Error) ReadChangeTypes(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, GraphErrors.MissingProperty("changeType"));
        }

        var types = new List<string>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var type = ChangeTypes.FirstOrDefault(t => t.Equals(part, StringComparison.OrdinalIgnoreCase));
            if (type is null)
            {
                return (null, GraphErrors.InvalidChangeType(part));
            }

            if (!types.Contains(type))
            {
                types.Add(type);
            }
        }

        return types.Count == 0 ? (null, GraphErrors.MissingProperty("changeType")) : (types, null);
    }

    private static GraphError? CheckExpiration(DateTimeOffset? expiration, string? lifecycleUrl, DateTimeOffset now, int maxMinutes)
    {
        if (expiration is not { } at)
        {
            return GraphErrors.MissingProperty("expirationDateTime");
        }

        if (at <= now || at > now.AddMinutes(maxMinutes))
        {
            return GraphErrors.ExpirationInvalid(maxMinutes);
        }

        return at > now.AddHours(1) && lifecycleUrl is null ? GraphErrors.LifecycleUrlRequired() : null;
    }

    /// <summary>The caller must be allowed to read what it watches: its own chats, or its own user's messages.</summary>
    private static async Task<(Guid? UserId, GraphError? Error)> AuthorizeResourceAsync(HttpContext http, ChatAccess access, GraphCaller caller, SubscriptionTarget target, string? chatId, string? userKey)
    {
        var needed = target == SubscriptionTarget.ChatMembers ? ChatPermissions.ReadMembers : ChatPermissions.ReadMessages;
        if (needed.Check(caller) is { } scopeError)
        {
            return (null, scopeError);
        }

        if (target == SubscriptionTarget.AllMessages)
        {
            var user = userKey is null ? null : await access.ResolveUserAsync(userKey, http.RequestAborted);
            if (caller.IsApplication)
            {
                return user is null || user.TenantId != caller.TenantId ? (null, GraphErrors.UserNotFound(userKey ?? "me")) : (user.Id, null);
            }

            return userKey is null || user?.Id == caller.User ? (caller.User, null) : (null, GraphErrors.OnlyForSelf());
        }

        var chat = await access.Db.Chats.AsNoTracking().FirstOrDefaultAsync(c => c.Id == chatId, http.RequestAborted);
        if (chat is null)
        {
            return (null, GraphErrors.ChatNotFound(chatId!));
        }

        var allowed = caller.IsApplication
            ? await access.Db.Members.AnyAsync(m => m.ChatId == chatId && m.TenantId == caller.TenantId, http.RequestAborted)
            : await access.Db.Members.AnyAsync(m => m.ChatId == chatId && m.UserId == caller.User, http.RequestAborted);
        return allowed ? (null, null) : (null, GraphErrors.NotAMember());
    }

    private static async Task<(ChatSubscription? Subscription, GraphError? Error)> OwnAsync(HttpContext http, string id, ChatDb db, bool track)
    {
        var caller = http.GraphCaller();
        if (!Guid.TryParse(id, out var key))
        {
            return (null, GraphErrors.SubscriptionNotFound(id));
        }

        var query = track ? db.Subscriptions : db.Subscriptions.AsNoTracking();
        var subscription = await query.FirstOrDefaultAsync(s => s.Id == key, http.RequestAborted);
        if (subscription is null || subscription.TenantId != caller.TenantId)
        {
            return (null, GraphErrors.SubscriptionNotFound(id));
        }

        return subscription.AppId == caller.AppId && subscription.CreatorId == caller.UserId ? (subscription, null) : (null, GraphErrors.NotSubscriptionOwner());
    }
}

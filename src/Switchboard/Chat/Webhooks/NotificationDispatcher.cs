using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Chat.Events;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;

namespace Switchboard.Chat.Webhooks;

/// <summary>
/// Turns committed chat events into change notifications for matching subscriptions and delivers them,
/// retrying a failing receiver with growing delays; a notification that still fails is reported to
/// the lifecycle URL as <c>missed</c>. A sweep removes expired subscriptions and sends
/// <c>reauthorizationRequired</c> when the token behind a subscription has expired.
/// </summary>
internal sealed partial class NotificationDispatcher(
    SubscriptionCache cache,
    WebhookClient client,
    IServiceScopeFactory scopes,
    IOptionsMonitor<ChatOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : BackgroundService, IChatEventSink
{
    private readonly Channel<ChatEvent> events = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true });
    private SemaphoreSlim? deliveries;

    public void Publish(ChatEvent chatEvent)
    {
        if (chatEvent.Kind is not (ChatEventKind.ChatCreated or ChatEventKind.ChatUpdated))
        {
            events.Writer.TryWrite(chatEvent);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        deliveries = new SemaphoreSlim(options.CurrentValue.Webhooks.MaxConcurrentDeliveries);
        var sweep = SweepLoopAsync(stoppingToken);
        await foreach (var chatEvent in events.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await DispatchAsync(chatEvent, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDispatchFailed(logger, e, chatEvent.Kind);
            }
        }

        await sweep;
    }

    private async Task DispatchAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        var subscriptions = await cache.GetAsync(cancellationToken);
        if (subscriptions.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var (changeType, resourceKind) = chatEvent.Kind switch
        {
            ChatEventKind.MessageCreated => ("created", "messages"),
            ChatEventKind.MessageUpdated or ChatEventKind.ReactionChanged => ("updated", "messages"),
            ChatEventKind.MessageDeleted => ("deleted", "messages"),
            ChatEventKind.MembersAdded => ("created", "members"),
            _ => ("deleted", "members"),
        };

        foreach (var subscription in subscriptions)
        {
            if (subscription.ExpiresAt <= now || !Watches(subscription, chatEvent, resourceKind)
                || !subscription.ChangeTypes.Split(',').Contains(changeType, StringComparer.Ordinal))
            {
                continue;
            }

            var resource = $"chats('{chatEvent.ChatId}')/{resourceKind}('{chatEvent.ResourceId}')";
            var item = new Dictionary<string, object?>
            {
                ["subscriptionId"] = subscription.Id.ToString(),
                ["changeType"] = changeType,
                ["tenantId"] = subscription.TenantId.ToString(),
                ["clientState"] = subscription.ClientState,
                ["subscriptionExpirationDateTime"] = subscription.ExpiresAt,
                ["resource"] = resource,
                ["resourceData"] = new Dictionary<string, object?>
                {
                    ["id"] = chatEvent.ResourceId,
                    ["@odata.type"] = resourceKind == "messages" ? "#Microsoft.Graph.chatMessage" : "#Microsoft.Graph.aadUserConversationMember",
                    ["@odata.id"] = resource,
                },
            };
            _ = DeliverAsync(subscription, new Dictionary<string, object> { ["value"] = new[] { item } }, cancellationToken);
        }

        // A creator who leaves a chat can no longer watch it: Graph removes the subscription and says so.
        if (chatEvent.Kind == ChatEventKind.MembersRemoved)
        {
            await RemoveLostAccessAsync(chatEvent, subscriptions, cancellationToken);
        }
    }

    private static bool Watches(ChatSubscription subscription, ChatEvent chatEvent, string resourceKind) => subscription.Target switch
    {
        SubscriptionTarget.ChatMessages => resourceKind == "messages" && subscription.ChatId == chatEvent.ChatId,
        SubscriptionTarget.ChatMembers => resourceKind == "members" && subscription.ChatId == chatEvent.ChatId,
        _ => resourceKind == "messages" && subscription.UserId is { } user && chatEvent.Recipients.Contains(user),
    };

    private async Task DeliverAsync(ChatSubscription subscription, object collection, CancellationToken cancellationToken)
    {
        var delays = options.CurrentValue.Webhooks.Delays;
        for (var attempt = 0; ; attempt++)
        {
            await deliveries!.WaitAsync(cancellationToken);
            bool delivered;
            try
            {
                delivered = await client.PostAsync(subscription.NotificationUrl, collection, cancellationToken);
            }
            finally
            {
                deliveries.Release();
            }

            if (delivered)
            {
                return;
            }

            if (attempt >= delays.Count)
            {
                LogGaveUp(logger, subscription.Id, attempt + 1);
                await LifecycleAsync(subscription, "missed", cancellationToken);
                return;
            }

            LogRetrying(logger, subscription.Id, attempt + 1, delays[attempt]);
            await Task.Delay(delays[attempt], time, cancellationToken);
        }
    }

    private async Task LifecycleAsync(ChatSubscription subscription, string lifecycleEvent, CancellationToken cancellationToken)
    {
        if (subscription.LifecycleNotificationUrl is not { } url)
        {
            return;
        }

        var item = new Dictionary<string, object?>
        {
            ["lifecycleEvent"] = lifecycleEvent,
            ["subscriptionId"] = subscription.Id.ToString(),
            ["subscriptionExpirationDateTime"] = subscription.ExpiresAt,
            ["tenantId"] = subscription.TenantId.ToString(),
            ["clientState"] = subscription.ClientState,
            ["resource"] = subscription.Resource,
        };
        await client.PostAsync(url, new Dictionary<string, object> { ["value"] = new[] { item } }, cancellationToken);
    }

    private async Task RemoveLostAccessAsync(ChatEvent chatEvent, IReadOnlyList<ChatSubscription> subscriptions, CancellationToken cancellationToken)
    {
        var removedUsers = chatEvent.Payload is IEnumerable<Api.MemberView> removed ? removed.Select(m => Guid.Parse(m.UserId)).ToHashSet() : [];
        var lost = subscriptions.Where(s => s.ChatId == chatEvent.ChatId && s.CreatorId is { } creator && removedUsers.Contains(creator)).ToList();
        if (lost.Count == 0)
        {
            return;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatDb>();
            var ids = lost.Select(s => s.Id).ToList();
            await db.Subscriptions.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        cache.Invalidate();
        foreach (var subscription in lost)
        {
            await LifecycleAsync(subscription, "subscriptionRemoved", cancellationToken);
        }
    }

    private async Task SweepLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.Webhooks.SweepInterval, time, stoppingToken);
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or HttpRequestException)
            {
                LogSweepFailed(logger, e);
            }
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDb>();
        var expired = await db.Subscriptions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var lapsed = await db.Subscriptions.Where(s => !s.ReauthorizationSent && s.AuthorizedUntil <= now).ToListAsync(cancellationToken);
        foreach (var subscription in lapsed)
        {
            subscription.ReauthorizationSent = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (expired > 0 || lapsed.Count > 0)
        {
            cache.Invalidate();
        }

        foreach (var subscription in lapsed)
        {
            await LifecycleAsync(subscription, "reauthorizationRequired", cancellationToken);
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "Could not match a {Kind} event to subscriptions.")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, ChatEventKind kind);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Notification for subscription {SubscriptionId} failed (attempt {Attempt}); retrying in {Delay}.")]
    private static partial void LogRetrying(ILogger logger, Guid subscriptionId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Notification for subscription {SubscriptionId} failed {Attempts} times; reported as missed.")]
    private static partial void LogGaveUp(ILogger logger, Guid subscriptionId, int attempts);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Error, Message = "The subscription sweep failed; it runs again at the next interval.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;
using Switchboard.Storage;

namespace Switchboard.Chat.Webhooks;

/// <summary>
/// Live subscriptions in memory, so matching an event costs no query. Reloaded every few seconds (other
/// nodes' changes) and at once after a local change.
/// </summary>
internal sealed class SubscriptionCache : IDisposable
{
    private readonly TimedSnapshot<IReadOnlyList<ChatSubscription>> snapshot;

    public SubscriptionCache(IServiceScopeFactory scopes, TimeProvider time)
        => snapshot = new(time, TimeSpan.FromSeconds(5), async (_, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatDb>();
            return await db.Subscriptions.AsNoTracking().ToListAsync(ct);
        });

    public ValueTask<IReadOnlyList<ChatSubscription>> GetAsync(CancellationToken cancellationToken) => snapshot.GetAsync(cancellationToken);

    public void Invalidate() => snapshot.Invalidate();

    public void Dispose() => snapshot.Dispose();
}

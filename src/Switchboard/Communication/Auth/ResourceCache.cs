using Microsoft.EntityFrameworkCore;
using Switchboard.Communication.Model;
using Switchboard.Communication.Storage;

namespace Switchboard.Communication.Auth;

/// <summary>
/// Resources and their keys, held in memory: every request checks its signature against them. Reloaded
/// every few seconds (so a key regenerated on another node stops working there too) and at once after a
/// change on this node.
/// </summary>
internal sealed class ResourceCache(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Snapshot? snapshot;

    public async ValueTask<IReadOnlyList<CommunicationResource>> GetAsync(CancellationToken cancellationToken)
    {
        var current = snapshot;
        if (current is not null && time.GetUtcNow() - current.LoadedAt < ReloadEvery)
        {
            return current.Resources;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            current = snapshot;
            if (current is not null && time.GetUtcNow() - current.LoadedAt < ReloadEvery)
            {
                return current.Resources;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
            var resources = await db.Resources.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
            snapshot = new Snapshot(resources, time.GetUtcNow());
            return resources;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Invalidate() => snapshot = null;

    public void Dispose() => gate.Dispose();

    private sealed record Snapshot(IReadOnlyList<CommunicationResource> Resources, DateTimeOffset LoadedAt);
}

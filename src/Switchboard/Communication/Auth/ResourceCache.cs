using Microsoft.EntityFrameworkCore;
using Switchboard.Communication.Model;
using Switchboard.Communication.Storage;
using Switchboard.Storage;

namespace Switchboard.Communication.Auth;

/// <summary>
/// Resources and their keys, held in memory: every request checks its signature against them. Reloaded
/// every few seconds (so a key regenerated on another node stops working there too) and at once after a
/// change on this node.
/// </summary>
internal sealed class ResourceCache(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    private readonly TimedSnapshot<IReadOnlyList<CommunicationResource>> resources = new(time, TimeSpan.FromSeconds(5), async (_, cancellationToken) =>
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
        return await db.Resources.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
    });

    public ValueTask<IReadOnlyList<CommunicationResource>> GetAsync(CancellationToken cancellationToken) => resources.GetAsync(cancellationToken);

    public void Invalidate() => resources.Invalidate();

    public void Dispose() => resources.Dispose();
}

using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Switchboard.Directory.Model;
using Switchboard.Storage;

namespace Switchboard.Directory;

/// <summary>
/// The read-mostly part of the directory in memory: tenants, app registrations (with secrets), service
/// principals and app role assignments. Every token request reads them and they change only through
/// administration, so they are served from a snapshot: rebuilt after any change on this node, and at
/// most every few seconds for changes made by another node. Users and delegated grants are not cached.
/// </summary>
internal sealed class DirectorySnapshot(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    private readonly TimedSnapshot<Data> data = new(time, TimeSpan.FromSeconds(5), (_, cancellationToken) => LoadAsync(scopes, cancellationToken));

    public ValueTask<Data> GetAsync(CancellationToken cancellationToken) => data.GetAsync(cancellationToken);

    /// <summary>Called after every write to these tables on this node.</summary>
    public void Invalidate() => data.Invalidate();

    public void Dispose() => data.Dispose();

    private static async Task<Data> LoadAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var tenants = await db.Tenants.AsNoTracking().ToListAsync(cancellationToken);
        var apps = await db.Applications.AsNoTracking().Include(a => a.Secrets).ToListAsync(cancellationToken);
        var principals = await db.ServicePrincipals.AsNoTracking().ToListAsync(cancellationToken);
        var assignments = await db.AppRoleAssignments.AsNoTracking().ToListAsync(cancellationToken);
        return new Data(
            tenants.ToFrozenDictionary(t => t.Id),
            tenants.ToFrozenDictionary(t => t.Domain, StringComparer.OrdinalIgnoreCase),
            apps.ToFrozenDictionary(a => a.AppId),
            apps.SelectMany(a => a.IdentifierUris.Select(u => (Uri: u.TrimEnd('/'), App: a))).DistinctBy(p => p.Uri, StringComparer.OrdinalIgnoreCase)
                .ToFrozenDictionary(p => p.Uri, p => p.App, StringComparer.OrdinalIgnoreCase),
            principals.ToFrozenDictionary(p => (p.TenantId, p.AppId)),
            principals.ToFrozenDictionary(p => p.Id),
            assignments.GroupBy(a => (a.PrincipalId, a.ResourceId)).ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Guid>)g.Select(a => a.AppRoleId).ToList()));
    }

    internal sealed record Data(
        FrozenDictionary<Guid, Tenant> TenantsById,
        FrozenDictionary<string, Tenant> TenantsByDomain,
        FrozenDictionary<Guid, Application> AppsByAppId,
        FrozenDictionary<string, Application> AppsByIdentifierUri,
        FrozenDictionary<(Guid TenantId, Guid AppId), ServicePrincipal> PrincipalsByTenantAndApp,
        FrozenDictionary<Guid, ServicePrincipal> PrincipalsById,
        FrozenDictionary<(Guid Principal, Guid Resource), IReadOnlyList<Guid>> AppRoles);
}

using Microsoft.EntityFrameworkCore;
using Switchboard.Directory.Model;

namespace Switchboard.Directory;

internal sealed class DirectoryService(DirectoryDb db, DirectorySnapshot snapshot, TimeProvider time) : IDirectory
{
    public async Task<Tenant?> FindTenantAsync(string idOrDomain, CancellationToken cancellationToken)
    {
        var data = await snapshot.GetAsync(cancellationToken);
        return Guid.TryParse(idOrDomain, out var id) ? data.TenantsById.GetValueOrDefault(id) : data.TenantsByDomain.GetValueOrDefault(idOrDomain);
    }

    public async Task<Tenant?> GetTenantAsync(Guid id, CancellationToken cancellationToken)
        => (await snapshot.GetAsync(cancellationToken)).TenantsById.GetValueOrDefault(id);

    public Task<DirectoryUser?> FindUserAsync(string userPrincipalName, CancellationToken cancellationToken)
    {
        var normalized = userPrincipalName.Trim().ToLowerInvariant();
        return db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUpn == normalized, cancellationToken);
    }

    public Task<DirectoryUser?> GetUserAsync(Guid id, CancellationToken cancellationToken)
        => db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    public async Task<IReadOnlyList<DirectoryUser>> ListUsersAsync(Guid tenantId, CancellationToken cancellationToken)
        => await db.Users.AsNoTracking().Where(u => u.TenantId == tenantId).OrderBy(u => u.DisplayName).ThenBy(u => u.Id).ToListAsync(cancellationToken);

    public async Task<Application?> FindApplicationAsync(Guid appId, CancellationToken cancellationToken)
        => (await snapshot.GetAsync(cancellationToken)).AppsByAppId.GetValueOrDefault(appId);

    public async Task<Application?> FindResourceAsync(string identifier, CancellationToken cancellationToken)
    {
        var data = await snapshot.GetAsync(cancellationToken);
        var trimmed = identifier.TrimEnd('/');
        if (Guid.TryParse(trimmed, out var appId))
        {
            return data.AppsByAppId.GetValueOrDefault(appId);
        }

        if (data.AppsByIdentifierUri.TryGetValue(trimmed, out var byUri))
        {
            return byUri;
        }

        // api://{appId} names an app by its id even when it has not registered that URI.
        return trimmed.StartsWith("api://", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(trimmed["api://".Length..], out appId)
            ? data.AppsByAppId.GetValueOrDefault(appId)
            : null;
    }

    public async Task<ServicePrincipal?> FindServicePrincipalAsync(Guid tenantId, Guid appId, CancellationToken cancellationToken)
        => (await snapshot.GetAsync(cancellationToken)).PrincipalsByTenantAndApp.GetValueOrDefault((tenantId, appId));

    public async Task<IReadOnlySet<string>> GetGrantedScopesAsync(Guid tenantId, Guid clientAppId, Guid resourceAppId, Guid userId, CancellationToken cancellationToken)
    {
        var grants = await (
            from g in db.PermissionGrants.AsNoTracking()
            join c in db.ServicePrincipals on g.ClientId equals c.Id
            join r in db.ServicePrincipals on g.ResourceId equals r.Id
            where g.TenantId == tenantId && c.AppId == clientAppId && r.AppId == resourceAppId
                  && (g.ConsentType == ConsentTypes.AllPrincipals || g.PrincipalId == userId)
            select g.Scope).ToListAsync(cancellationToken);
        return grants.SelectMany(SplitScopes).ToHashSet(StringComparer.Ordinal);
    }

    public Task<bool> HasAnyGrantAsync(Guid tenantId, Guid clientAppId, Guid userId, CancellationToken cancellationToken)
        => (from g in db.PermissionGrants
            join c in db.ServicePrincipals on g.ClientId equals c.Id
            where g.TenantId == tenantId && c.AppId == clientAppId
                  && (g.ConsentType == ConsentTypes.AllPrincipals || g.PrincipalId == userId)
            select g.Id).AnyAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> GetAssignedAppRolesAsync(Guid tenantId, Guid clientAppId, Guid resourceAppId, CancellationToken cancellationToken)
    {
        var data = await snapshot.GetAsync(cancellationToken);
        if (!data.PrincipalsByTenantAndApp.TryGetValue((tenantId, clientAppId), out var client)
            || !data.PrincipalsByTenantAndApp.TryGetValue((tenantId, resourceAppId), out var resource)
            || !data.AppRoles.TryGetValue((client.Id, resource.Id), out var roleIds))
        {
            return [];
        }

        return data.AppsByAppId[resourceAppId].AppRoles.Where(r => roleIds.Contains(r.Id)).Select(r => r.Value).ToList();
    }

    public async Task GrantDelegatedAsync(DelegatedConsent consent, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var client = await EnsureServicePrincipalAsync(consent.TenantId, consent.ClientAppId, cancellationToken);
        var resource = await db.ServicePrincipals.FirstOrDefaultAsync(s => s.TenantId == consent.TenantId && s.AppId == consent.ResourceAppId, cancellationToken)
            ?? throw new InvalidOperationException($"Resource {consent.ResourceAppId} has no service principal in tenant {consent.TenantId}; consent must be refused before it gets here.");
        var type = consent.PrincipalId is null ? ConsentTypes.AllPrincipals : ConsentTypes.Principal;
        var grant = await db.PermissionGrants.FirstOrDefaultAsync(
            g => g.ClientId == client.Id && g.ResourceId == resource.Id && g.ConsentType == type && g.PrincipalId == consent.PrincipalId,
            cancellationToken);
        if (grant is null)
        {
            db.PermissionGrants.Add(new PermissionGrant
            {
                Id = Guid.NewGuid(),
                TenantId = consent.TenantId,
                ClientId = client.Id,
                ResourceId = resource.Id,
                ConsentType = type,
                PrincipalId = consent.PrincipalId,
                Scope = string.Join(' ', consent.Scopes.Distinct(StringComparer.Ordinal)),
                CreatedAt = time.GetUtcNow(),
            });
        }
        else
        {
            // New consent appends scopes to the existing grant, as Entra does.
            grant.Scope = string.Join(' ', SplitScopes(grant.Scope).Concat(consent.Scopes).Distinct(StringComparer.Ordinal));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        snapshot.Invalidate();
    }

    public async Task GrantAppRolesAsync(Guid tenantId, Guid clientAppId, Guid resourceAppId, IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var client = await EnsureServicePrincipalAsync(tenantId, clientAppId, cancellationToken);
        var resourceSp = await db.ServicePrincipals.FirstAsync(s => s.TenantId == tenantId && s.AppId == resourceAppId, cancellationToken);
        var resource = await db.Applications.AsNoTracking().FirstAsync(a => a.AppId == resourceAppId, cancellationToken);
        foreach (var value in roles)
        {
            var role = resource.AppRoles.FirstOrDefault(r => r.Value == value)
                ?? throw new InvalidOperationException($"'{value}' is not an application permission of {resource.DisplayName}.");
            var exists = await db.AppRoleAssignments.AnyAsync(a => a.PrincipalId == client.Id && a.ResourceId == resourceSp.Id && a.AppRoleId == role.Id, cancellationToken);
            if (!exists)
            {
                db.AppRoleAssignments.Add(new AppRoleAssignment
                {
                    Id = Guid.NewGuid(),
                    TenantId = tenantId,
                    PrincipalId = client.Id,
                    ResourceId = resourceSp.Id,
                    AppRoleId = role.Id,
                    CreatedAt = time.GetUtcNow(),
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        snapshot.Invalidate();
    }

    private async Task<ServicePrincipal> EnsureServicePrincipalAsync(Guid tenantId, Guid appId, CancellationToken cancellationToken)
    {
        var existing = await db.ServicePrincipals.FirstOrDefaultAsync(s => s.TenantId == tenantId && s.AppId == appId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var app = await db.Applications.AsNoTracking().FirstAsync(a => a.AppId == appId, cancellationToken);
        var created = new ServicePrincipal
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            AppId = appId,
            DisplayName = app.DisplayName,
            CreatedAt = time.GetUtcNow(),
        };
        db.ServicePrincipals.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    private static IEnumerable<string> SplitScopes(string scope) => scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

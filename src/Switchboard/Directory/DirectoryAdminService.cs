using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Switchboard.Directory.Model;

namespace Switchboard.Directory;

internal sealed class DirectoryAdminService(DirectoryDb db, DirectorySnapshot snapshot, TimeProvider time) : IDirectoryAdmin
{
    public async Task<(DirectoryUser? User, DirectoryFailure? Failure)> CreateUserAsync(NewUser user, CancellationToken cancellationToken)
    {
        var normalized = user.UserPrincipalName.Trim().ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedUpn == normalized, cancellationToken))
        {
            return (null, DirectoryFailure.UserPrincipalNameTaken);
        }

        var created = new DirectoryUser
        {
            Id = Guid.NewGuid(),
            TenantId = user.TenantId,
            UserPrincipalName = user.UserPrincipalName.Trim(),
            NormalizedUpn = normalized,
            DisplayName = user.DisplayName,
            GivenName = user.GivenName,
            Surname = user.Surname,
            PasswordHash = PasswordHasher.Hash(user.Password),
            AccountEnabled = user.AccountEnabled,
            CreatedAt = time.GetUtcNow(),
        };
        db.Users.Add(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request took the name between the check and the insert.
            return (null, DirectoryFailure.UserPrincipalNameTaken);
        }

        db.Entry(created).State = EntityState.Detached;
        return (created, null);
    }

    public async Task<(DirectoryUser? User, DirectoryFailure? Failure)> UpdateUserAsync(Guid id, UserChanges changes, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return (null, null);
        }

        user.DisplayName = changes.DisplayName ?? user.DisplayName;
        user.GivenName = changes.GivenName ?? user.GivenName;
        user.Surname = changes.Surname ?? user.Surname;
        user.AccountEnabled = changes.AccountEnabled ?? user.AccountEnabled;
        user.TeamsEnabled = changes.TeamsEnabled ?? user.TeamsEnabled;
        if (changes.Password is { } password)
        {
            user.PasswordHash = PasswordHasher.Hash(password);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.Entry(user).State = EntityState.Detached;
        return (user, null);
    }

    public async Task<bool> DeleteUserAsync(Guid id, CancellationToken cancellationToken)
    {
        await db.PermissionGrants.Where(g => g.PrincipalId == id).ExecuteDeleteAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<bool> SetRoleMemberAsync(Guid userId, Guid roleTemplateId, bool member, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || user.Roles.Contains(roleTemplateId) == member)
        {
            return false;
        }

        // A new list, so EF sees the JSON column change.
        user.Roles = member ? [.. user.Roles, roleTemplateId] : user.Roles.Where(r => r != roleTemplateId).ToList();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task SetUsersCanConsentAsync(Guid tenantId, bool allowed, CancellationToken cancellationToken)
    {
        await db.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsersCanConsent, allowed), cancellationToken);
        snapshot.Invalidate();
    }

    public async Task<IReadOnlyList<Application>> ListApplicationsAsync(Guid homeTenantId, CancellationToken cancellationToken)
        => (await snapshot.GetAsync(cancellationToken)).AppsByAppId.Values.Where(a => a.HomeTenantId == homeTenantId).OrderBy(a => a.DisplayName).ThenBy(a => a.AppId).ToList();

    public async Task<Application?> GetApplicationAsync(Guid objectId, CancellationToken cancellationToken)
        => (await snapshot.GetAsync(cancellationToken)).AppsByAppId.Values.FirstOrDefault(a => a.ObjectId == objectId);

    public async Task<Application> CreateApplicationAsync(Guid homeTenantId, ApplicationChanges draft, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var app = new Application
        {
            ObjectId = Guid.NewGuid(),
            AppId = Guid.NewGuid(),
            HomeTenantId = homeTenantId,
            DisplayName = draft.DisplayName ?? string.Empty,
            SignInAudience = draft.SignInAudience ?? SignInAudiences.MyOrg,
            AccessTokenVersion = 2,
            CreatedAt = now,
        };
        Apply(app, draft);
        db.Applications.Add(app);
        db.ServicePrincipals.Add(new ServicePrincipal { Id = Guid.NewGuid(), TenantId = homeTenantId, AppId = app.AppId, DisplayName = app.DisplayName, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        snapshot.Invalidate();
        return app;
    }

    public async Task<Application?> UpdateApplicationAsync(Guid objectId, ApplicationChanges changes, CancellationToken cancellationToken)
    {
        var app = await db.Applications.Include(a => a.Secrets).FirstOrDefaultAsync(a => a.ObjectId == objectId, cancellationToken);
        if (app is null)
        {
            return null;
        }

        Apply(app, changes);
        if (changes.DisplayName is { } name)
        {
            await db.ServicePrincipals.Where(s => s.AppId == app.AppId).ExecuteUpdateAsync(s => s.SetProperty(p => p.DisplayName, name), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        snapshot.Invalidate();
        return app;
    }

    public async Task<bool> DeleteApplicationAsync(Guid objectId, CancellationToken cancellationToken)
    {
        var app = await db.Applications.FirstOrDefaultAsync(a => a.ObjectId == objectId, cancellationToken);
        if (app is null)
        {
            return false;
        }

        // Deleting the registration removes its service principals (and their grants) in every tenant, as in Entra.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var principals = await db.ServicePrincipals.Where(s => s.AppId == app.AppId).Select(s => s.Id).ToListAsync(cancellationToken);
        await db.PermissionGrants.Where(g => principals.Contains(g.ClientId) || principals.Contains(g.ResourceId)).ExecuteDeleteAsync(cancellationToken);
        await db.AppRoleAssignments.Where(a => principals.Contains(a.PrincipalId) || principals.Contains(a.ResourceId)).ExecuteDeleteAsync(cancellationToken);
        await db.ServicePrincipals.Where(s => s.AppId == app.AppId).ExecuteDeleteAsync(cancellationToken);
        db.Applications.Remove(app);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        snapshot.Invalidate();
        return true;
    }

    public async Task<(ClientSecret Secret, string Text)?> AddPasswordAsync(Guid objectId, string? displayName, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        if (!await db.Applications.AnyAsync(a => a.ObjectId == objectId, cancellationToken))
        {
            return null;
        }

        // 40 characters from a URL-safe alphabet, like Entra's generated secrets.
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var secret = new ClientSecret
        {
            KeyId = Guid.NewGuid(),
            ApplicationObjectId = objectId,
            DisplayName = displayName,
            Hint = text[..3],
            Hash = SecretHasher.Hash(text),
            CreatedAt = now,
            ExpiresAt = expiresAt ?? now.AddYears(2),
        };
        db.ClientSecrets.Add(secret);
        await db.SaveChangesAsync(cancellationToken);
        snapshot.Invalidate();
        return (secret, text);
    }

    public async Task<bool> RemovePasswordAsync(Guid objectId, Guid keyId, CancellationToken cancellationToken)
    {
        var removed = await db.ClientSecrets.Where(s => s.ApplicationObjectId == objectId && s.KeyId == keyId).ExecuteDeleteAsync(cancellationToken) > 0;
        snapshot.Invalidate();
        return removed;
    }

    public async Task<IReadOnlyList<ServicePrincipal>> ListServicePrincipalsAsync(Guid tenantId, CancellationToken cancellationToken)
        => (await snapshot.GetAsync(cancellationToken)).PrincipalsById.Values.Where(s => s.TenantId == tenantId).OrderBy(s => s.DisplayName).ThenBy(s => s.Id).ToList();

    public async Task<ServicePrincipal?> GetServicePrincipalAsync(Guid id, CancellationToken cancellationToken)
        => (await snapshot.GetAsync(cancellationToken)).PrincipalsById.GetValueOrDefault(id);

    public async Task<ServicePrincipal?> CreateServicePrincipalAsync(Guid tenantId, Guid appId, CancellationToken cancellationToken)
    {
        var app = await db.Applications.AsNoTracking().FirstAsync(a => a.AppId == appId, cancellationToken);
        if (await db.ServicePrincipals.AnyAsync(s => s.TenantId == tenantId && s.AppId == appId, cancellationToken))
        {
            return null;
        }

        var created = new ServicePrincipal { Id = Guid.NewGuid(), TenantId = tenantId, AppId = appId, DisplayName = app.DisplayName, CreatedAt = time.GetUtcNow() };
        db.ServicePrincipals.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        snapshot.Invalidate();
        return created;
    }

    public async Task<bool> DeleteServicePrincipalAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.PermissionGrants.Where(g => g.ClientId == id || g.ResourceId == id).ExecuteDeleteAsync(cancellationToken);
        await db.AppRoleAssignments.Where(a => a.PrincipalId == id || a.ResourceId == id).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.ServicePrincipals.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        snapshot.Invalidate();
        return deleted;
    }

    public async Task<IReadOnlyList<PermissionGrant>> ListGrantsAsync(Guid tenantId, CancellationToken cancellationToken)
        => await db.PermissionGrants.AsNoTracking().Where(g => g.TenantId == tenantId).OrderBy(g => g.CreatedAt).ThenBy(g => g.Id).ToListAsync(cancellationToken);

    public Task<PermissionGrant?> GetGrantAsync(Guid id, CancellationToken cancellationToken)
        => db.PermissionGrants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);

    public async Task<PermissionGrant?> CreateGrantAsync(PermissionGrant grant, CancellationToken cancellationToken)
    {
        if (await db.PermissionGrants.AnyAsync(g => g.ClientId == grant.ClientId && g.ResourceId == grant.ResourceId && g.ConsentType == grant.ConsentType && g.PrincipalId == grant.PrincipalId, cancellationToken))
        {
            return null;
        }

        grant.Id = Guid.NewGuid();
        grant.CreatedAt = time.GetUtcNow();
        db.PermissionGrants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(grant).State = EntityState.Detached;
        return grant;
    }

    public async Task<PermissionGrant?> SetGrantScopeAsync(Guid id, string scope, CancellationToken cancellationToken)
    {
        var grant = await db.PermissionGrants.FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (grant is null)
        {
            return null;
        }

        grant.Scope = scope;
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(grant).State = EntityState.Detached;
        return grant;
    }

    public async Task<bool> DeleteGrantAsync(Guid id, CancellationToken cancellationToken)
        => await db.PermissionGrants.Where(g => g.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    private static void Apply(Application app, ApplicationChanges changes)
    {
        app.DisplayName = changes.DisplayName ?? app.DisplayName;
        app.SignInAudience = changes.SignInAudience ?? app.SignInAudience;
        app.AllowPublicClientFlows = changes.IsFallbackPublicClient ?? app.AllowPublicClientFlows;
        if (changes.RequiredResourceAccess is { } access)
        {
            app.RequiredResourceAccess = access.ToList();
        }

        var uris = app.RedirectUris;
        uris = Replace(uris, RedirectPlatforms.Web, changes.WebRedirectUris);
        uris = Replace(uris, RedirectPlatforms.Spa, changes.SpaRedirectUris);
        uris = Replace(uris, RedirectPlatforms.PublicClient, changes.PublicClientRedirectUris);
        app.RedirectUris = uris;

        static List<RedirectUri> Replace(List<RedirectUri> current, string platform, IReadOnlyList<string>? given)
            => given is null ? current : [.. current.Where(r => r.Platform != platform), .. given.Distinct(StringComparer.Ordinal).Select(u => new RedirectUri(platform, u))];
    }
}

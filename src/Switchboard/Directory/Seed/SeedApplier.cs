using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.Directory.Model;
using Switchboard.Hosting;

namespace Switchboard.Directory.Seed;

/// <summary>
/// Applies the built-in tenants and resources, then a seed document. Idempotent: what exists is
/// updated in place, nothing is duplicated, and passwords and secrets set once are never replaced by
/// a restart (the directory, not the file, owns them after creation).
/// </summary>
internal sealed class SeedApplier(DirectoryDb db, DirectorySnapshot snapshot, TimeProvider time)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static SeedDocument Load(string? path)
    {
        try
        {
            return JsonSerializer.Deserialize<SeedDocument>(SeedSource.ReadJson(path), JsonOptions) ?? new SeedDocument();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Seed file '{path}' is not valid: {e.Message}", e);
        }
    }

    public async Task ApplyAsync(SeedDocument seed, CancellationToken cancellationToken)
    {
        var errors = SeedValidator.Validate(seed);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The seed is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => " - " + e)));
        }

        // A restart with the same seed (and the same first-party definitions) has nothing to apply.
        var (fingerprint, secrets) = Fingerprint(seed);
        var state = await db.SeedStates.FirstOrDefaultAsync(s => s.Id == 1, cancellationToken);
        if (state?.Fingerprint == fingerprint && PasswordHasher.Verify(secrets, state.SecretsHash))
        {
            return;
        }

        var now = time.GetUtcNow();
        var hashes = await HashNewPasswordsAsync(seed, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UpsertTenantAsync(new SeedTenant { Id = FirstPartyApplications.MicrosoftServicesTenantId, Domain = "microsoftservices.switchboard.test", DisplayName = "Microsoft Services", UsersCanConsent = false }, now, cancellationToken);
        await UpsertTenantAsync(new SeedTenant { Id = FirstPartyApplications.ConsumersTenantId, Domain = "consumers.switchboard.test", DisplayName = "Personal Microsoft accounts", ExternalChat = false }, now, cancellationToken);
        foreach (var app in FirstPartyApplications.Create(now))
        {
            await UpsertApplicationAsync(app, cancellationToken);
        }

        foreach (var tenant in seed.Tenants)
        {
            await UpsertTenantAsync(tenant, now, cancellationToken);
            foreach (var user in tenant.Users)
            {
                await UpsertUserAsync(tenant.Id, user, hashes, now, cancellationToken);
            }
        }

        foreach (var user in seed.PersonalAccounts)
        {
            await UpsertUserAsync(FirstPartyApplications.ConsumersTenantId, user with { TeamsEnabled = false, Roles = [] }, hashes, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Every tenant knows Microsoft's resources, except where the seed says it lacks one.
        var omitted = seed.Tenants.ToDictionary(t => t.Id, t => (IReadOnlyCollection<Guid>)(t.ServicePrincipals?.Omit ?? []));
        var tenants = await db.Tenants.Where(t => t.Id != FirstPartyApplications.MicrosoftServicesTenantId).ToListAsync(cancellationToken);
        foreach (var tenant in tenants)
        {
            foreach (var app in FirstPartyApplications.Create(now))
            {
                if (omitted.TryGetValue(tenant.Id, out var omit) && omit.Contains(app.AppId))
                {
                    continue;
                }

                await EnsureServicePrincipalAsync(tenant.Id, app.AppId, app.DisplayName, now, cancellationToken);
            }
        }

        // Two passes: an app may require permissions of an API defined later in the same seed.
        var storedApps = new List<(SeedApplication Seed, Application Stored)>();
        foreach (var seedApp in seed.Applications)
        {
            var home = await ResolveTenantAsync(seedApp.Tenant, cancellationToken);
            var stored = await UpsertApplicationAsync(BuildApplication(seedApp, home.Id, now), cancellationToken);
            AddNewSecrets(stored, seedApp.Secrets, now);
            await EnsureServicePrincipalAsync(home.Id, seedApp.AppId, seedApp.DisplayName, now, cancellationToken);
            storedApps.Add((seedApp, stored));
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (seedApp, stored) in storedApps)
        {
            stored.RequiredResourceAccess = await ResolveRequiredAccessAsync(seedApp, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        snapshot.Invalidate();

        // Grants go through the directory service so seeded consent is exactly what a consent page records.
        var directory = new DirectoryService(db, snapshot, time);
        foreach (var grant in seed.Grants)
        {
            await ApplyGrantAsync(directory, grant, cancellationToken);
        }

        // Switchboard's own web apps are pre-authorized in every organisation, as Microsoft's apps are.
        foreach (var tenant in tenants.Where(t => t.Id != FirstPartyApplications.ConsumersTenantId))
        {
            foreach (var client in FirstPartyApplications.Create(now).Where(FirstPartyApplications.IsClient))
            {
                foreach (var required in client.RequiredResourceAccess.Where(r => r.Scopes.Count > 0))
                {
                    if (await directory.FindServicePrincipalAsync(tenant.Id, required.ResourceAppId, cancellationToken) is not null
                        && await directory.FindServicePrincipalAsync(tenant.Id, client.AppId, cancellationToken) is not null)
                    {
                        await directory.GrantDelegatedAsync(new DelegatedConsent(tenant.Id, client.AppId, required.ResourceAppId, required.Scopes, null), cancellationToken);
                    }
                }
            }
        }

        var secretsHash = PasswordHasher.Hash(secrets);
        if (state is null)
        {
            db.SeedStates.Add(new SeedState { Id = 1, Fingerprint = fingerprint, SecretsHash = secretsHash, AppliedAt = now });
        }
        else
        {
            state.Fingerprint = fingerprint;
            state.SecretsHash = secretsHash;
            state.AppliedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static (string Fingerprint, string Secrets) Fingerprint(SeedDocument seed)
    {
        static SeedUser Blank(SeedUser u) => u with { Password = "" };
        var sanitized = seed with
        {
            Tenants = seed.Tenants.Select(t => t with { Users = t.Users.Select(Blank).ToList() }).ToList(),
            PersonalAccounts = seed.PersonalAccounts.Select(Blank).ToList(),
            Applications = seed.Applications.Select(a => a with { Secrets = [] }).ToList(),
        };
        var firstParty = FirstPartyApplications.Create(DateTimeOffset.UnixEpoch);
        var text = JsonSerializer.Serialize(new { sanitized, firstParty }, JsonOptions);
        var secrets = string.Join('\n', seed.Tenants.SelectMany(t => t.Users).Concat(seed.PersonalAccounts).Select(u => u.Password)
            .Concat(seed.Applications.SelectMany(a => a.Secrets)));
        return (Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))), secrets);
    }

    private async Task ApplyGrantAsync(DirectoryService directory, SeedGrant grant, CancellationToken cancellationToken)
    {
        var tenant = await ResolveTenantAsync(grant.Tenant, cancellationToken);
        Guid? principal = null;
        if (string.Equals(grant.ConsentType, ConsentTypes.Principal, StringComparison.OrdinalIgnoreCase))
        {
            var normalized = (grant.Principal ?? "").ToLowerInvariant();
            var user = Guid.TryParse(grant.Principal, out var id)
                ? await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken)
                : await db.Users.FirstOrDefaultAsync(u => u.NormalizedUpn == normalized, cancellationToken);
            principal = user?.Id ?? throw new InvalidOperationException($"Seed grant names principal '{grant.Principal}', who is not in the directory.");
        }

        foreach (var group in grant.Scopes.Select(QualifiedPermission.Parse).GroupBy(p => p.Resource, StringComparer.OrdinalIgnoreCase))
        {
            var resource = await directory.FindResourceAsync(group.Key, cancellationToken)
                ?? throw new InvalidOperationException($"Seed grant names resource '{group.Key}', which is not in the directory.");

            // A seeded grant to a customer's own multi-tenant API implies its admin provisioned that API in the tenant.
            if (!resource.IsFirstParty && SignInAudiences.IsMultiTenant(resource.SignInAudience))
            {
                await EnsureServicePrincipalAsync(tenant.Id, resource.AppId, resource.DisplayName, time.GetUtcNow(), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                snapshot.Invalidate();
            }

            if (await directory.FindServicePrincipalAsync(tenant.Id, resource.AppId, cancellationToken) is null)
            {
                throw new InvalidOperationException($"Seed grant in '{grant.Tenant}' is for '{group.Key}', which that tenant lacks a service principal for.");
            }

            await directory.GrantDelegatedAsync(new DelegatedConsent(tenant.Id, grant.AppId, resource.AppId, group.Select(p => p.Value).ToList(), principal), cancellationToken);
        }

        foreach (var group in grant.Roles.Select(QualifiedPermission.Parse).GroupBy(p => p.Resource, StringComparer.OrdinalIgnoreCase))
        {
            var resource = await directory.FindResourceAsync(group.Key, cancellationToken)
                ?? throw new InvalidOperationException($"Seed grant names resource '{group.Key}', which is not in the directory.");
            await directory.GrantAppRolesAsync(tenant.Id, grant.AppId, resource.AppId, group.Select(p => p.Value), cancellationToken);
        }
    }

    private async Task<Tenant> ResolveTenantAsync(string idOrDomain, CancellationToken cancellationToken)
    {
        var domain = idOrDomain.ToLowerInvariant();
        var tenant = Guid.TryParse(idOrDomain, out var id)
            ? await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken)
            : await db.Tenants.FirstOrDefaultAsync(t => t.Domain == domain, cancellationToken);
        return tenant ?? throw new InvalidOperationException($"The seed refers to tenant '{idOrDomain}', which it does not define.");
    }

    private async Task UpsertTenantAsync(SeedTenant seed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == seed.Id, cancellationToken);
        if (tenant is null)
        {
            tenant = new Tenant { Id = seed.Id, Domain = seed.Domain, DisplayName = seed.DisplayName, CreatedAt = now };
            db.Tenants.Add(tenant);
        }

        tenant.Domain = seed.Domain.ToLowerInvariant();
        tenant.DisplayName = seed.DisplayName;
        tenant.UsersCanConsent = seed.UsersCanConsent;
        tenant.ExternalChatAllowed = seed.ExternalChat;
    }

    /// <summary>
    /// Hashes the passwords of users not yet in the directory, on every core: the slow hash is the
    /// cost of a first start, and existing users keep the password they have.
    /// </summary>
    private async Task<Dictionary<Guid, string>> HashNewPasswordsAsync(SeedDocument seed, CancellationToken cancellationToken)
    {
        var users = seed.Tenants.SelectMany(t => t.Users).Concat(seed.PersonalAccounts).ToList();
        var ids = users.Select(u => u.Id).ToList();
        var existing = (await db.Users.Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();
        var hashes = new System.Collections.Concurrent.ConcurrentDictionary<Guid, string>();
        await Parallel.ForEachAsync(users.Where(u => !existing.Contains(u.Id)), cancellationToken, (user, _) =>
        {
            hashes[user.Id] = PasswordHasher.Hash(user.Password);
            return ValueTask.CompletedTask;
        });
        return new Dictionary<Guid, string>(hashes);
    }

    private async Task UpsertUserAsync(Guid tenantId, SeedUser seed, Dictionary<Guid, string> hashes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var roles = seed.Roles.Select(r => DirectoryRoles.TryResolve(r, out var id) ? id : Guid.Empty).ToList();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == seed.Id, cancellationToken);
        if (user is null)
        {
            db.Users.Add(new DirectoryUser
            {
                Id = seed.Id,
                TenantId = tenantId,
                UserPrincipalName = seed.UserPrincipalName,
                NormalizedUpn = seed.UserPrincipalName.ToLowerInvariant(),
                DisplayName = seed.DisplayName,
                GivenName = seed.GivenName,
                Surname = seed.Surname,
                PasswordHash = hashes[seed.Id],
                AccountEnabled = seed.AccountEnabled,
                TeamsEnabled = seed.TeamsEnabled,
                Roles = roles,
                CreatedAt = now,
            });
            return;
        }

        user.UserPrincipalName = seed.UserPrincipalName;
        user.NormalizedUpn = seed.UserPrincipalName.ToLowerInvariant();
        user.DisplayName = seed.DisplayName;
        user.GivenName = seed.GivenName;
        user.Surname = seed.Surname;
        user.AccountEnabled = seed.AccountEnabled;
        user.TeamsEnabled = seed.TeamsEnabled;
        user.Roles = roles;
    }

    private async Task<Application> UpsertApplicationAsync(Application app, CancellationToken cancellationToken)
    {
        var stored = await db.Applications.Include(a => a.Secrets).FirstOrDefaultAsync(a => a.AppId == app.AppId, cancellationToken);
        if (stored is null)
        {
            db.Applications.Add(app);
            return app;
        }

        stored.DisplayName = app.DisplayName;
        stored.HomeTenantId = app.HomeTenantId;
        stored.SignInAudience = app.SignInAudience;
        stored.AllowPublicClientFlows = app.AllowPublicClientFlows;
        stored.IsFirstParty = app.IsFirstParty;
        stored.AccessTokenVersion = app.AccessTokenVersion;
        stored.RedirectUris = app.RedirectUris;
        stored.IdentifierUris = app.IdentifierUris;
        stored.Scopes = app.Scopes;
        stored.AppRoles = app.AppRoles;
        stored.RequiredResourceAccess = app.RequiredResourceAccess;
        return stored;
    }

    private void AddNewSecrets(Application app, IEnumerable<string> secrets, DateTimeOffset now)
    {
        foreach (var secret in secrets.Where(s => !app.Secrets.Any(existing => SecretHasher.Verify(s, existing.Hash))))
        {
            var added = new ClientSecret
            {
                KeyId = Guid.NewGuid(),
                ApplicationObjectId = app.ObjectId,
                DisplayName = "seed",
                Hint = secret[..Math.Min(3, secret.Length)],
                Hash = SecretHasher.Hash(secret),
                CreatedAt = now,
            };
            app.Secrets.Add(added);
            db.ClientSecrets.Add(added);
        }
    }

    private async Task<List<RequiredResourceAccess>> ResolveRequiredAccessAsync(SeedApplication seed, CancellationToken cancellationToken)
    {
        var required = new Dictionary<Guid, RequiredResourceAccess>();
        foreach (var (text, isRole) in seed.RequiredResourceAccess.Select(s => (s, false)).Concat(seed.RequiredAppRoles.Select(s => (s, true))))
        {
            var permission = QualifiedPermission.Parse(text);
            var resource = await FindResourceInTransactionAsync(permission.Resource, cancellationToken)
                ?? throw new InvalidOperationException($"Application '{seed.DisplayName}' requires '{text}', but no resource '{permission.Resource}' is in the directory.");
            var known = isRole ? resource.AppRoles.Any(r => r.Value == permission.Value) : resource.Scopes.Any(s => s.Value == permission.Value);
            if (!known)
            {
                throw new InvalidOperationException($"Application '{seed.DisplayName}' requires '{text}', but {resource.DisplayName} has no {(isRole ? "application" : "delegated")} permission '{permission.Value}'.");
            }

            if (!required.TryGetValue(resource.AppId, out var entry))
            {
                entry = new RequiredResourceAccess(resource.AppId, [], []);
                required[resource.AppId] = entry;
            }

            (isRole ? entry.Roles : entry.Scopes).Add(permission.Value);
        }

        return required.Values.ToList();
    }

    /// <summary>Resolves a resource inside the seed's transaction, where apps added by this seed are already visible.</summary>
    private async Task<Application?> FindResourceInTransactionAsync(string identifier, CancellationToken cancellationToken)
    {
        var trimmed = identifier.TrimEnd('/');
        var apps = await db.Applications.ToListAsync(cancellationToken);
        return Guid.TryParse(trimmed, out var appId)
            ? apps.FirstOrDefault(a => a.AppId == appId)
            : apps.FirstOrDefault(a => a.IdentifierUris.Any(u => string.Equals(u.TrimEnd('/'), trimmed, StringComparison.OrdinalIgnoreCase)));
    }

    private static Application BuildApplication(SeedApplication seed, Guid homeTenantId, DateTimeOffset now)
    {
        var redirects = new List<RedirectUri>();
        redirects.AddRange((seed.PublicClient?.RedirectUris ?? []).Select(u => new RedirectUri(RedirectPlatforms.PublicClient, u)));
        redirects.AddRange((seed.Web?.RedirectUris ?? []).Select(u => new RedirectUri(RedirectPlatforms.Web, u)));
        redirects.AddRange((seed.Spa?.RedirectUris ?? []).Select(u => new RedirectUri(RedirectPlatforms.Spa, u)));

        return new Application
        {
            ObjectId = Guid.NewGuid(),
            AppId = seed.AppId,
            HomeTenantId = homeTenantId,
            DisplayName = seed.DisplayName,
            SignInAudience = seed.SignInAudience,
            AllowPublicClientFlows = seed.AllowPublicClientFlows,
            AccessTokenVersion = seed.AccessTokenVersion,
            RedirectUris = redirects,
            IdentifierUris = seed.IdentifierUris,
            Scopes = seed.Scopes.Select(s => new PermissionScope(s.Id ?? DeterministicId(seed.AppId, s.Value), s.Value, s.DisplayName ?? s.Value, s.DisplayName ?? s.Value, s.AdminConsentRequired)).ToList(),
            AppRoles = seed.AppRoles.Select(r => new AppRole(r.Id ?? DeterministicId(seed.AppId, "role:" + r.Value), r.Value, r.DisplayName ?? r.Value)).ToList(),
            CreatedAt = now,
        };
    }

    private async Task EnsureServicePrincipalAsync(Guid tenantId, Guid appId, string displayName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var exists = db.ServicePrincipals.Local.Any(s => s.TenantId == tenantId && s.AppId == appId)
            || await db.ServicePrincipals.AnyAsync(s => s.TenantId == tenantId && s.AppId == appId, cancellationToken);
        if (!exists)
        {
            db.ServicePrincipals.Add(new ServicePrincipal { Id = Guid.NewGuid(), TenantId = tenantId, AppId = appId, DisplayName = displayName, CreatedAt = now });
        }
    }

    /// <summary>Scope and role ids the seed leaves out stay the same across restarts.</summary>
    private static Guid DeterministicId(Guid appId, string value)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(appId + "/" + value));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }
}

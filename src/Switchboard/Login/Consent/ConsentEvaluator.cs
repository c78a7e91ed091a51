using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Errors;
using Switchboard.Login.Scopes;

namespace Switchboard.Login.Consent;

internal sealed record MissingConsent(Application Resource, IReadOnlyList<PermissionScope> Scopes);

/// <summary>What consent a sign-in still needs, and who may give it.</summary>
internal sealed record ConsentEvaluation(
    IReadOnlyList<MissingConsent> Missing,
    bool MissingOidc,
    IReadOnlyDictionary<Guid, IReadOnlyList<string>> GrantedAfterConsent,
    bool UserMayConsent,
    bool IsAdmin,
    AadError? Error)
{
    public bool Satisfied => Error is null && Missing.Count == 0 && !MissingOidc;

    public string MissingText => string.Join(", ", Missing.SelectMany(m => m.Scopes.Select(s => $"{m.Resource.DisplayName}: {s.Value}")).DefaultIfEmpty("sign-in scopes"));
}

/// <summary>
/// Entra's consent rules (entra-oauth.md §7.2): grants live in the user's tenant; a user consents for
/// themselves when the tenant allows it and no permission needs an admin; the admin roles may consent
/// for everyone; each resource needs a service principal in the tenant.
/// </summary>
internal sealed class ConsentEvaluator(IDirectory directory)
{
    public async Task<ConsentEvaluation> EvaluateAsync(DirectoryUser user, Tenant tenant, Application client, ScopeRequest request, CancellationToken cancellationToken)
    {
        var personal = user.TenantId == FirstPartyApplications.ConsumersTenantId;
        var missing = new List<MissingConsent>();
        var granted = new Dictionary<Guid, IReadOnlyList<string>>();
        foreach (var resource in request.Resources)
        {
            // Check: ResourceServicePrincipalPresent — "your organization lacks a service principal for" the API.
            if (await directory.FindServicePrincipalAsync(tenant.Id, resource.Resource.AppId, cancellationToken) is null)
            {
                return Failed(AadErrors.ResourceServicePrincipalMissing(resource.Resource.AppId, resource.Resource.DisplayName, tenant.Id));
            }

            var requested = resource.IsDefault
                ? client.RequiredResourceAccess.Where(r => r.ResourceAppId == resource.Resource.AppId).SelectMany(r => r.Scopes).ToList()
                : resource.Values.ToList();

            // Check: PermissionSupportsPersonalAccounts — the Teams permissions are for work or school accounts only.
            if (personal)
            {
                var unsupported = resource.Resource.Scopes.FirstOrDefault(s => requested.Contains(s.Value) && !s.PersonalAccountsSupported);
                if (unsupported is not null)
                {
                    return Failed(AadErrors.PersonalAccountScope(resource.Qualified([unsupported.Value]).First()));
                }
            }

            var existing = await directory.GetGrantedScopesAsync(tenant.Id, client.AppId, resource.Resource.AppId, user.Id, cancellationToken);
            var lacking = requested.Where(v => !existing.Contains(v)).ToList();
            if (lacking.Count > 0)
            {
                missing.Add(new MissingConsent(resource.Resource, resource.Resource.Scopes.Where(s => lacking.Contains(s.Value)).ToList()));
            }

            // Entra puts every scope granted for the resource into the token, not only those asked for.
            granted[resource.Resource.AppId] = existing.Concat(requested).Distinct(StringComparer.Ordinal).ToList();
        }

        // OpenID Connect scopes are recorded with an app's first consent; after that they never prompt.
        var missingOidc = request.Oidc.Count > 0 && !await directory.HasAnyGrantAsync(tenant.Id, client.AppId, user.Id, cancellationToken);
        var isAdmin = !personal && user.Roles.Any(DirectoryRoles.MayConsentForTenant.Contains);
        var userMayConsent = tenant.UsersCanConsent && missing.All(m => m.Scopes.All(s => !s.AdminConsentRequired));
        return new ConsentEvaluation(missing, missingOidc, granted, userMayConsent, isAdmin, null);

        static ConsentEvaluation Failed(AadError error) => new([], false, new Dictionary<Guid, IReadOnlyList<string>>(), false, false, error);
    }

    /// <summary>Records the consent given on the consent page (or the admin consent page).</summary>
    public async Task RecordAsync(DirectoryUser user, Tenant tenant, Application client, ScopeRequest request, bool forTenant, CancellationToken cancellationToken)
    {
        Guid? principal = forTenant ? null : user.Id;
        foreach (var resource in request.Resources)
        {
            var values = resource.IsDefault
                ? client.RequiredResourceAccess.Where(r => r.ResourceAppId == resource.Resource.AppId).SelectMany(r => r.Scopes).ToList()
                : resource.Values.ToList();
            if (values.Count > 0)
            {
                await directory.GrantDelegatedAsync(new DelegatedConsent(tenant.Id, client.AppId, resource.Resource.AppId, values, principal), cancellationToken);
            }
        }

        // The OpenID Connect scopes are Microsoft Graph permissions; record them there, as Entra does.
        var oidc = request.Oidc.Count > 0 ? request.Oidc.ToList() : ["openid", "profile", "offline_access"];
        await GrantSignInScopesAsync(tenant, client, oidc, principal, cancellationToken);
    }

    /// <summary>Admin consent through <c>/adminconsent</c>: everything the app declares, for the whole tenant.</summary>
    public async Task RecordAdminConsentAsync(Tenant tenant, Application client, CancellationToken cancellationToken)
    {
        foreach (var required in client.RequiredResourceAccess)
        {
            if (required.Scopes.Count > 0)
            {
                await directory.GrantDelegatedAsync(new DelegatedConsent(tenant.Id, client.AppId, required.ResourceAppId, required.Scopes, null), cancellationToken);
            }

            if (required.Roles.Count > 0)
            {
                await directory.GrantAppRolesAsync(tenant.Id, client.AppId, required.ResourceAppId, required.Roles, cancellationToken);
            }
        }

        await GrantSignInScopesAsync(tenant, client, ["openid", "profile", "offline_access"], null, cancellationToken);
    }

    private async Task GrantSignInScopesAsync(Tenant tenant, Application client, IReadOnlyCollection<string> scopes, Guid? principal, CancellationToken cancellationToken)
    {
        if (await directory.FindServicePrincipalAsync(tenant.Id, FirstPartyApplications.GraphAppId, cancellationToken) is not null)
        {
            await directory.GrantDelegatedAsync(new DelegatedConsent(tenant.Id, client.AppId, FirstPartyApplications.GraphAppId, scopes, principal), cancellationToken);
        }
    }
}

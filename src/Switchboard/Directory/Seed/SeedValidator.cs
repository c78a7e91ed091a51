using Switchboard.Directory.Model;

namespace Switchboard.Directory.Seed;

/// <summary>Collects every problem in a seed so that one start reports them all.</summary>
internal static class SeedValidator
{
    public static List<string> Validate(SeedDocument seed)
    {
        var errors = new List<string>();
        var ids = new HashSet<Guid>();
        var upns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var domains = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var tenant in seed.Tenants)
        {
            var where = $"tenant '{tenant.Domain}'";
            if (tenant.Id == Guid.Empty || tenant.Id == FirstPartyApplications.ConsumersTenantId || tenant.Id == FirstPartyApplications.MicrosoftServicesTenantId)
            {
                errors.Add($"{where}: 'id' must be a GUID of its own.");
            }

            if (string.IsNullOrWhiteSpace(tenant.Domain) || tenant.Domain.Contains('/', StringComparison.Ordinal) || !domains.Add(tenant.Domain))
            {
                errors.Add($"{where}: 'domain' must be a unique domain name.");
            }

            if (!ids.Add(tenant.Id))
            {
                errors.Add($"{where}: id {tenant.Id} is used twice.");
            }

            foreach (var user in tenant.Users)
            {
                ValidateUser(user, tenant.Domain, errors, ids, upns);
            }
        }

        foreach (var user in seed.PersonalAccounts)
        {
            ValidateUser(user, null, errors, ids, upns);
        }

        var appIds = new HashSet<Guid>();
        foreach (var app in seed.Applications)
        {
            var where = $"application '{app.DisplayName}'";
            if (app.AppId == Guid.Empty || !appIds.Add(app.AppId))
            {
                errors.Add($"{where}: 'appId' must be a unique GUID.");
            }

            if (!SignInAudiences.All.Contains(app.SignInAudience))
            {
                errors.Add($"{where}: 'signInAudience' must be one of {string.Join(", ", SignInAudiences.All)}.");
            }

            foreach (var uri in (app.PublicClient?.RedirectUris ?? []).Where(u => !Uri.TryCreate(u, UriKind.Absolute, out _)))
            {
                errors.Add($"{where}: redirect URI '{uri}' is not an absolute URI.");
            }

            // Web and SPA pages served by this server may be registered by path ("/samples/contoso/"):
            // the seed's apps are this server's configuration, like its first-party apps (docs/web.md).
            foreach (var uri in new[] { app.Web, app.Spa }.SelectMany(p => p?.RedirectUris ?? []).Where(u => !IsAbsoluteOrOriginRelative(u)))
            {
                errors.Add($"{where}: redirect URI '{uri}' is neither an absolute URI nor a path on this server ('/...').");
            }

            if (app.Secrets.Any(s => s.Length < 16))
            {
                errors.Add($"{where}: client secrets must be at least 16 characters.");
            }
        }

        foreach (var grant in seed.Grants)
        {
            if (grant.ConsentType is not (ConsentTypes.AllPrincipals or ConsentTypes.Principal))
            {
                errors.Add($"grant for app {grant.AppId}: 'consentType' must be AllPrincipals or Principal.");
            }
            else if (grant.ConsentType == ConsentTypes.Principal && string.IsNullOrEmpty(grant.Principal))
            {
                errors.Add($"grant for app {grant.AppId}: a Principal grant needs 'principal' (user id or UPN).");
            }
        }

        return errors;
    }

    private static void ValidateUser(SeedUser user, string? domain, List<string> errors, HashSet<Guid> ids, HashSet<string> upns)
    {
        var where = $"user '{user.UserPrincipalName}'";
        if (user.Id == Guid.Empty || !ids.Add(user.Id))
        {
            errors.Add($"{where}: 'id' must be a unique GUID.");
        }

        var at = user.UserPrincipalName.LastIndexOf('@');
        if (at <= 0 || !upns.Add(user.UserPrincipalName))
        {
            errors.Add($"{where}: 'userPrincipalName' must be a unique name@domain.");
        }
        else if (domain is not null && !string.Equals(user.UserPrincipalName[(at + 1)..], domain, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{where}: the domain must be the tenant's verified domain '{domain}'.");
        }

        if (string.IsNullOrEmpty(user.Password))
        {
            errors.Add($"{where}: 'password' is required.");
        }

        foreach (var role in user.Roles.Where(r => !DirectoryRoles.TryResolve(r, out _)))
        {
            errors.Add($"{where}: unknown directory role '{role}'. Known: {string.Join(", ", DirectoryRoles.ByName.Keys)}.");
        }
    }

    private static bool IsAbsoluteOrOriginRelative(string uri)
        => Uri.TryCreate(uri, UriKind.Absolute, out _)
            || (uri.StartsWith('/') && !uri.StartsWith("//", StringComparison.Ordinal) && Uri.TryCreate(uri, UriKind.Relative, out _));
}

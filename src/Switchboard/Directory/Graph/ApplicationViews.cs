using Switchboard.Directory.Model;

namespace Switchboard.Directory.Graph;

/// <summary>Graph's JSON for applications and service principals.</summary>
internal static class ApplicationViews
{
    public static async Task<Dictionary<string, object?>> ApplicationAsync(HttpContext http, Application app, IDirectory directory, string? context)
    {
        var view = new Dictionary<string, object?>();
        if (context is not null)
        {
            view["@odata.context"] = $"{UserEndpoints.Origin(http)}/v1.0/$metadata#{context}";
        }

        view["id"] = app.ObjectId.ToString();
        view["appId"] = app.AppId.ToString();
        view["displayName"] = app.DisplayName;
        view["createdDateTime"] = app.CreatedAt;
        view["deletedDateTime"] = null;
        view["publisherDomain"] = (await directory.GetTenantAsync(app.HomeTenantId, http.RequestAborted))?.Domain;
        view["signInAudience"] = app.SignInAudience;
        view["isFallbackPublicClient"] = app.AllowPublicClientFlows;
        view["identifierUris"] = app.IdentifierUris;
        view["web"] = new { redirectUris = Uris(app, RedirectPlatforms.Web), homePageUrl = (string?)null, logoutUrl = (string?)null };
        view["spa"] = new { redirectUris = Uris(app, RedirectPlatforms.Spa) };
        view["publicClient"] = new { redirectUris = Uris(app, RedirectPlatforms.PublicClient) };
        view["api"] = new
        {
            requestedAccessTokenVersion = app.AccessTokenVersion,
            oauth2PermissionScopes = app.Scopes.Select(Scope).ToList(),
        };
        view["appRoles"] = app.AppRoles.Select(Role).ToList();
        view["requiredResourceAccess"] = await RequiredAccessAsync(app, directory, http.RequestAborted);
        view["passwordCredentials"] = app.Secrets.OrderBy(s => s.CreatedAt).Select(s => Password(s, null)).ToList();
        view["keyCredentials"] = Array.Empty<object>();
        return view;
    }

    public static Dictionary<string, object?> Password(ClientSecret secret, string? text) => new()
    {
        ["customKeyIdentifier"] = null,
        ["displayName"] = secret.DisplayName,
        ["endDateTime"] = secret.ExpiresAt,
        ["hint"] = secret.Hint,
        ["keyId"] = secret.KeyId.ToString(),
        ["secretText"] = text,
        ["startDateTime"] = secret.CreatedAt,
    };

    public static async Task<Dictionary<string, object?>> ServicePrincipalAsync(HttpContext http, ServicePrincipal principal, IDirectory directory, string? context)
    {
        var app = await directory.FindApplicationAsync(principal.AppId, http.RequestAborted);
        var home = app is null ? null : await directory.GetTenantAsync(app.HomeTenantId, http.RequestAborted);
        var view = new Dictionary<string, object?>();
        if (context is not null)
        {
            view["@odata.context"] = $"{UserEndpoints.Origin(http)}/v1.0/$metadata#{context}";
        }

        view["id"] = principal.Id.ToString();
        view["appId"] = principal.AppId.ToString();
        view["displayName"] = principal.DisplayName;
        view["appDisplayName"] = app?.DisplayName;
        view["accountEnabled"] = principal.AccountEnabled;
        view["appOwnerOrganizationId"] = app?.HomeTenantId.ToString();
        view["appRoleAssignmentRequired"] = principal.AppRoleAssignmentRequired;
        view["deletedDateTime"] = null;
        view["publisherName"] = home?.DisplayName;
        view["servicePrincipalType"] = "Application";
        view["signInAudience"] = app?.SignInAudience;
        view["servicePrincipalNames"] = app is null ? [principal.AppId.ToString()] : app.IdentifierUris.Prepend(app.AppId.ToString()).ToList();
        view["replyUrls"] = app?.RedirectUris.Select(r => r.Uri).ToList() ?? [];
        view["oauth2PermissionScopes"] = app?.Scopes.Select(Scope).ToList() ?? [];
        view["appRoles"] = app?.AppRoles.Select(Role).ToList() ?? [];
        view["tags"] = Array.Empty<string>();
        return view;
    }

    private static List<string> Uris(Application app, string platform) => app.RedirectUris.Where(r => r.Platform == platform).Select(r => r.Uri).ToList();

    private static object Scope(PermissionScope s) => new
    {
        id = s.Id.ToString(),
        value = s.Value,
        adminConsentDisplayName = s.AdminConsentDisplayName,
        adminConsentDescription = s.AdminConsentDisplayName,
        userConsentDisplayName = s.UserConsentDisplayName,
        userConsentDescription = s.UserConsentDisplayName,
        isEnabled = true,
        type = s.AdminConsentRequired ? "Admin" : "User",
    };

    private static object Role(AppRole r) => new
    {
        id = r.Id.ToString(),
        value = r.Value,
        displayName = r.DisplayName,
        description = r.DisplayName,
        isEnabled = true,
        allowedMemberTypes = new[] { "Application" },
        origin = "Application",
    };

    /// <summary>The directory keeps permission values; Graph shows ids and types.</summary>
    private static async Task<List<object>> RequiredAccessAsync(Application app, IDirectory directory, CancellationToken cancellationToken)
    {
        var list = new List<object>();
        foreach (var required in app.RequiredResourceAccess)
        {
            var resource = await directory.FindApplicationAsync(required.ResourceAppId, cancellationToken);
            var access = required.Scopes.Select(v => (Id: resource?.Scopes.FirstOrDefault(s => s.Value == v)?.Id, Type: "Scope"))
                .Concat(required.Roles.Select(v => (Id: resource?.AppRoles.FirstOrDefault(r => r.Value == v)?.Id, Type: "Role")))
                .Where(p => p.Id is not null)
                .Select(p => new { id = p.Id!.Value.ToString(), type = p.Type })
                .ToList();
            list.Add(new { resourceAppId = required.ResourceAppId.ToString(), resourceAccess = access });
        }

        return list;
    }
}

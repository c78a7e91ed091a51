using System.Text.Json.Nodes;
using Switchboard.Directory.Model;
using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// The caller's tenant's service principals ("enterprise applications"): list, read by object id or
/// <c>(appId='…')</c>, create for an app registered in any tenant (a multi-tenant app of a publisher),
/// delete, and the delegated grants a client holds.
/// </summary>
internal static class ServicePrincipalEndpoints
{
    public static Task<IResult> ListAsync(HttpContext http, IDirectory directory, IDirectoryAdmin admin)
        => AppListing.ListAsync(http, "servicePrincipals", admin.ListServicePrincipalsAsync, s => (s.AppId, s.DisplayName), s => ApplicationViews.ServicePrincipalAsync(http, s, directory, null));

    public static async Task<IResult> GetAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (principal, error) = await FindAsync(http, id, directory, admin);
        return error is not null ? error.ToResult() : GraphJson.Ok(await ApplicationViews.ServicePrincipalAsync(http, principal!, directory, "servicePrincipals/$entity"));
    }

    public static async Task<IResult> GetByAppIdAsync(HttpContext http, string appId, IDirectory directory, IDirectoryAdmin admin)
    {
        var (principal, error) = await FindAsync(http, appId, directory, admin, byAppId: true);
        return error is not null ? error.ToResult() : GraphJson.Ok(await ApplicationViews.ServicePrincipalAsync(http, principal!, directory, "servicePrincipals/$entity"));
    }

    /// <summary><c>POST /servicePrincipals</c> <c>{"appId"}</c>.</summary>
    public static async Task<IResult> CreateAsync(HttpContext http, IDirectory directory, IDirectoryAdmin admin)
    {
        if (await AdminAccess.CheckAsync(http, directory, AdminAccess.AppWriters) is { } denied)
        {
            return denied.ToResult();
        }

        var (body, bodyError) = await GraphBody.ReadAsync<JsonObject>(http.Request);
        if (bodyError is not null)
        {
            return bodyError.ToResult();
        }

        var (text, textError) = JsonFields.String(body!, "appId");
        if (textError is not null || string.IsNullOrWhiteSpace(text))
        {
            return (textError ?? GraphErrors.RequiredValueMissing("appId")).ToResult();
        }

        var caller = http.GraphCaller();
        var app = Guid.TryParse(text, out var appId) ? await directory.FindApplicationAsync(appId, http.RequestAborted) : null;

        // Checks: AppExists (Graph's 400 for an unknown app id), then MultiTenantOrHome.
        if (app is null)
        {
            return GraphErrors.InvalidDirectoryValue("appId", $"no application with app id '{text}' was found in the directory.").ToResult();
        }

        if (app.HomeTenantId != caller.TenantId && !SignInAudiences.IsMultiTenant(app.SignInAudience))
        {
            return GraphErrors.ApplicationNotMultiTenant(text).ToResult();
        }

        var created = await admin.CreateServicePrincipalAsync(caller.TenantId, app.AppId, http.RequestAborted);
        return created is null
            ? GraphErrors.ServicePrincipalExists(text).ToResult()
            : GraphJson.Ok(await ApplicationViews.ServicePrincipalAsync(http, created, directory, "servicePrincipals/$entity"), StatusCodes.Status201Created);
    }

    public static async Task<IResult> DeleteAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (principal, error) = await FindAsync(http, id, directory, admin);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (await AdminAccess.CheckAsync(http, directory, AdminAccess.AppWriters) is { } denied)
        {
            return denied.ToResult();
        }

        // Microsoft's resources and Switchboard's own apps stay in every tenant.
        var app = await directory.FindApplicationAsync(principal!.AppId, http.RequestAborted);
        if (app is { IsFirstParty: true })
        {
            return GraphErrors.FirstPartyReadOnly().ToResult();
        }

        await admin.DeleteServicePrincipalAsync(principal.Id, http.RequestAborted);
        return Results.NoContent();
    }

    /// <summary><c>GET /servicePrincipals/{id}/oauth2PermissionGrants</c>: the grants where this principal is the client.</summary>
    public static async Task<IResult> GrantsAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (principal, error) = await FindAsync(http, id, directory, admin);
        if (error is not null)
        {
            return error.ToResult();
        }

        var grants = await admin.ListGrantsAsync(principal!.TenantId, http.RequestAborted);
        return GraphJson.Ok(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"{UserEndpoints.Origin(http)}/v1.0/$metadata#oauth2PermissionGrants",
            ["value"] = grants.Where(g => g.ClientId == principal.Id).Select(PermissionGrantEndpoints.View).ToList(),
        });
    }

    internal static async Task<(ServicePrincipal? Principal, GraphError? Error)> FindAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin, bool byAppId = false)
    {
        var tenant = http.GraphCaller().TenantId;
        var principal = !Guid.TryParse(id, out var guid) ? null
            : byAppId ? await directory.FindServicePrincipalAsync(tenant, guid, http.RequestAborted)
            : await admin.GetServicePrincipalAsync(guid, http.RequestAborted);
        return principal is null || principal.TenantId != tenant ? (null, GraphErrors.DirectoryObjectNotFound(id)) : (principal, null);
    }
}

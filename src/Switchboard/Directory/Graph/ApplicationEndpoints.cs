using System.Text.Json.Nodes;
using Switchboard.Directory.Model;
using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// App registrations of the caller's tenant (<c>/applications</c>), their redirect URIs, required
/// permissions and client secrets. Writes need Application.ReadWrite.All (delegated: and an Application,
/// Cloud Application or Global Administrator); Microsoft's and Switchboard's own apps are read-only.
/// </summary>
internal static class ApplicationEndpoints
{
    public static readonly GraphPermission ReadApps = GraphPermission.DelegatedOnly("Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All")
        .OrApplication("Application.ReadWrite.All");

    public static readonly GraphPermission WriteApps = GraphPermission.DelegatedOnly("Application.ReadWrite.All", "Directory.ReadWrite.All")
        .OrApplication("Application.ReadWrite.All");

    public static Task<IResult> ListAsync(HttpContext http, IDirectory directory, IDirectoryAdmin admin)
        => AppListing.ListAsync(http, "applications", admin.ListApplicationsAsync, a => (a.AppId, a.DisplayName), a => ApplicationViews.ApplicationAsync(http, a, directory, null));

    public static async Task<IResult> GetAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (app, error) = await FindAsync(http, id, directory, admin);
        return error is not null ? error.ToResult() : GraphJson.Ok(await ApplicationViews.ApplicationAsync(http, app!, directory, "applications/$entity"));
    }

    public static async Task<IResult> GetByAppIdAsync(HttpContext http, string appId, IDirectory directory, IDirectoryAdmin admin)
    {
        var (app, error) = await FindAsync(http, appId, directory, admin, byAppId: true);
        return error is not null ? error.ToResult() : GraphJson.Ok(await ApplicationViews.ApplicationAsync(http, app!, directory, "applications/$entity"));
    }

    public static async Task<IResult> CreateAsync(HttpContext http, IDirectory directory, IDirectoryAdmin admin)
    {
        if (await AdminAccess.CheckAsync(http, directory, AdminAccess.AppWriters) is { } denied)
        {
            return denied.ToResult();
        }

        var (changes, error) = await ReadChangesAsync(http, directory);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (string.IsNullOrWhiteSpace(changes!.DisplayName))
        {
            return GraphErrors.RequiredValueMissing("displayName").ToResult();
        }

        var app = await admin.CreateApplicationAsync(http.GraphCaller().TenantId, changes, http.RequestAborted);
        return GraphJson.Ok(await ApplicationViews.ApplicationAsync(http, app, directory, "applications/$entity"), StatusCodes.Status201Created);
    }

    public static async Task<IResult> UpdateAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (app, error) = await FindWritableAsync(http, id, directory, admin);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (changes, changeError) = await ReadChangesAsync(http, directory);
        if (changeError is not null)
        {
            return changeError.ToResult();
        }

        if (changes!.DisplayName is { } name && string.IsNullOrWhiteSpace(name))
        {
            return GraphErrors.RequiredValueMissing("displayName").ToResult();
        }

        await admin.UpdateApplicationAsync(app!.ObjectId, changes, http.RequestAborted);
        return Results.NoContent();
    }

    public static async Task<IResult> DeleteAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (app, error) = await FindWritableAsync(http, id, directory, admin);
        if (error is not null)
        {
            return error.ToResult();
        }

        await admin.DeleteApplicationAsync(app!.ObjectId, http.RequestAborted);
        return Results.NoContent();
    }

    /// <summary><c>POST /applications/{id}/addPassword</c> <c>{"passwordCredential":{"displayName","endDateTime"}}</c>: the secret text, once.</summary>
    public static async Task<IResult> AddPasswordAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (app, error) = await FindWritableAsync(http, id, directory, admin);
        if (error is not null)
        {
            return error.ToResult();
        }

        // The body is optional in Graph; an empty one gets defaults.
        JsonObject? credential = null;
        if (http.Request.ContentLength is not 0)
        {
            var (body, bodyError) = await GraphBody.ReadAsync<JsonObject>(http.Request);
            if (bodyError is not null && http.Request.ContentLength is not null)
            {
                return bodyError.ToResult();
            }

            (credential, var e) = body is null ? (null, null) : JsonFields.Object(body!, "passwordCredential");
            if (e is not null)
            {
                return e.ToResult();
            }
        }

        var (displayName, e1) = credential is null ? (null, null) : JsonFields.String(credential, "displayName", "passwordCredential.displayName");
        var (end, e2) = credential is null ? (null, null) : JsonFields.String(credential, "endDateTime", "passwordCredential.endDateTime");
        if ((e1 ?? e2) is { } typeError)
        {
            return typeError.ToResult();
        }

        DateTimeOffset? expires = null;
        if (end is not null)
        {
            if (!DateTimeOffset.TryParse(end, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return GraphErrors.InvalidValue("passwordCredential.endDateTime").ToResult();
            }

            expires = parsed.ToUniversalTime();
        }

        var added = await admin.AddPasswordAsync(app!.ObjectId, displayName, expires, http.RequestAborted);
        var (secret, text) = added!.Value;
        var view = ApplicationViews.Password(secret, text);
        view = new Dictionary<string, object?>(view.Prepend(new("@odata.context", $"{UserEndpoints.Origin(http)}/v1.0/$metadata#microsoft.graph.passwordCredential")));
        return GraphJson.Ok(view);
    }

    /// <summary><c>POST /applications/{id}/removePassword</c> <c>{"keyId"}</c>.</summary>
    public static async Task<IResult> RemovePasswordAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (app, error) = await FindWritableAsync(http, id, directory, admin);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (body, bodyError) = await GraphBody.ReadAsync<JsonObject>(http.Request);
        if (bodyError is not null)
        {
            return bodyError.ToResult();
        }

        var (keyId, keyError) = JsonFields.Id(body!, "keyId");
        if (keyError is not null || keyId is null)
        {
            return (keyError ?? GraphErrors.RequiredValueMissing("keyId")).ToResult();
        }

        return await admin.RemovePasswordAsync(app!.ObjectId, keyId.Value, http.RequestAborted)
            ? Results.NoContent()
            : GraphErrors.InvalidDirectoryValue("keyId", $"no password credential has key id '{keyId}'.").ToResult();
    }

    private static async Task<(Application? App, GraphError? Error)> FindWritableAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (app, error) = await FindAsync(http, id, directory, admin);
        if (error is not null)
        {
            return (null, error);
        }

        if (await AdminAccess.CheckAsync(http, directory, AdminAccess.AppWriters) is { } denied)
        {
            return (null, denied);
        }

        return app!.IsFirstParty ? (null, GraphErrors.FirstPartyReadOnly()) : (app, null);
    }

    private static async Task<(Application? App, GraphError? Error)> FindAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin, bool byAppId = false)
    {
        var app = !Guid.TryParse(id, out var guid) ? null
            : byAppId ? await directory.FindApplicationAsync(guid, http.RequestAborted)
            : await admin.GetApplicationAsync(guid, http.RequestAborted);
        return app is null || app.HomeTenantId != http.GraphCaller().TenantId ? (null, GraphErrors.DirectoryObjectNotFound(id)) : (app, null);
    }

    private static async Task<(ApplicationChanges? Changes, GraphError? Error)> ReadChangesAsync(HttpContext http, IDirectory directory)
    {
        var (body, bodyError) = await GraphBody.ReadAsync<JsonObject>(http.Request);
        if (bodyError is not null)
        {
            return (null, bodyError);
        }

        foreach (var name in body!.Select(p => p.Key))
        {
            if (name is "appId" or "id" or "passwordCredentials")
            {
                return (null, GraphErrors.ReadOnlyProperty(name));
            }
        }

        var (displayName, e1) = JsonFields.String(body!, "displayName");
        var (audience, e2) = JsonFields.String(body!, "signInAudience");
        var (fallback, e3) = JsonFields.Bool(body!, "isFallbackPublicClient");
        if ((e1 ?? e2 ?? e3) is { } typeError)
        {
            return (null, typeError);
        }

        if (audience is not null && !SignInAudiences.All.Contains(audience))
        {
            return (null, GraphErrors.InvalidValue("signInAudience"));
        }

        var uris = new Dictionary<string, List<string>?>();
        foreach (var platform in new[] { "web", "spa", "publicClient" })
        {
            var (section, sectionError) = JsonFields.Object(body!, platform);
            if (sectionError is not null)
            {
                return (null, sectionError);
            }

            var (list, listError) = section is null ? (null, null) : JsonFields.Strings(section, "redirectUris", $"{platform}.redirectUris");
            if (listError is not null)
            {
                return (null, listError);
            }

            if (list?.FirstOrDefault(u => !IsRedirectUri(platform, u)) is { } bad)
            {
                return (null, GraphErrors.InvalidDirectoryValue($"{platform}.redirectUris", $"'{bad}' is not an absolute https URI (http is allowed for localhost{(platform == "publicClient" ? ", and custom schemes for public clients" : string.Empty)})."));
            }

            uris[platform] = list;
        }

        var (access, accessError) = await ReadRequiredAccessAsync(body!, directory, http.RequestAborted);
        if (accessError is not null)
        {
            return (null, accessError);
        }

        return (new ApplicationChanges(displayName, audience, uris["web"], uris["spa"], uris["publicClient"], access, fallback), null);
    }

    private static bool IsRedirectUri(string platform, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback) || (platform == "publicClient" && uri.Scheme != Uri.UriSchemeHttp);
    }

    private static async Task<(List<RequiredResourceAccess>? Access, GraphError? Error)> ReadRequiredAccessAsync(JsonObject body, IDirectory directory, CancellationToken cancellationToken)
    {
        var node = body["requiredResourceAccess"];
        if (node is null)
        {
            return (null, null);
        }

        if (node is not JsonArray array)
        {
            return (null, GraphErrors.InvalidValue("requiredResourceAccess"));
        }

        var result = new List<RequiredResourceAccess>();
        foreach (var item in array)
        {
            if (item is not JsonObject entry)
            {
                return (null, GraphErrors.InvalidValue("requiredResourceAccess"));
            }

            var (resourceAppId, idError) = JsonFields.Id(entry, "resourceAppId");
            if (idError is not null || resourceAppId is null)
            {
                return (null, idError ?? GraphErrors.RequiredValueMissing("requiredResourceAccess.resourceAppId"));
            }

            var resource = await directory.FindApplicationAsync(resourceAppId.Value, cancellationToken);
            if (resource is null)
            {
                return (null, GraphErrors.InvalidDirectoryValue("requiredResourceAccess.resourceAppId", $"no application has app id '{resourceAppId}'."));
            }

            var scopes = new List<string>();
            var roles = new List<string>();
            foreach (var accessNode in entry["resourceAccess"] as JsonArray ?? [])
            {
                if (accessNode is not JsonObject access)
                {
                    return (null, GraphErrors.InvalidValue("requiredResourceAccess.resourceAccess"));
                }

                var (permissionId, e1) = JsonFields.Id(access, "id");
                var (type, e2) = JsonFields.String(access, "type");
                if ((e1 ?? e2) is { } typeError || permissionId is null)
                {
                    return (null, e1 ?? e2 ?? GraphErrors.RequiredValueMissing("requiredResourceAccess.resourceAccess.id"));
                }

                var value = type switch
                {
                    "Scope" => resource.Scopes.FirstOrDefault(s => s.Id == permissionId)?.Value,
                    "Role" => resource.AppRoles.FirstOrDefault(r => r.Id == permissionId)?.Value,
                    _ => null,
                };
                if (value is null)
                {
                    return (null, GraphErrors.InvalidDirectoryValue("requiredResourceAccess.resourceAccess", $"'{permissionId}' is not a {type ?? "permission"} of {resource.DisplayName}."));
                }

                (type == "Scope" ? scopes : roles).Add(value);
            }

            result.Add(new RequiredResourceAccess(resource.AppId, scopes, roles));
        }

        return (result, null);
    }
}

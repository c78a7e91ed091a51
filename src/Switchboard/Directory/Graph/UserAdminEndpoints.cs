using System.Text.Json.Nodes;
using Switchboard.Directory.Model;
using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// User writes as in Graph: <c>POST /users</c>, <c>PATCH</c> and <c>DELETE /users/{id}</c>, and
/// <c>assignLicense</c> for the Teams licence. Delegated callers need a User Administrator or Global
/// Administrator role; objects of other tenants are not found.
/// </summary>
internal static class UserAdminEndpoints
{
    public static readonly GraphPermission WriteUsers = GraphPermission.DelegatedOnly("User.ReadWrite.All", "Directory.ReadWrite.All");

    public static readonly GraphPermission ReadSkus = GraphPermission.DelegatedOnly("User.Read", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");

    public static async Task<IResult> CreateAsync(HttpContext http, IDirectory directory, IDirectoryAdmin admin)
    {
        var caller = http.GraphCaller();
        if (await AdminAccess.CheckAsync(http, directory, AdminAccess.UserWriters) is { } denied)
        {
            return denied.ToResult();
        }

        var (body, bodyError) = await GraphBody.ReadAsync<JsonObject>(http.Request);
        if (bodyError is not null)
        {
            return bodyError.ToResult();
        }

        var (upn, e1) = JsonFields.String(body!, "userPrincipalName");
        var (displayName, e2) = JsonFields.String(body!, "displayName");
        var (nickname, e3) = JsonFields.String(body!, "mailNickname");
        var (enabled, e4) = JsonFields.Bool(body!, "accountEnabled");
        var (profile, e5) = JsonFields.Object(body!, "passwordProfile");
        var (givenName, e6) = JsonFields.String(body!, "givenName");
        var (surname, e7) = JsonFields.String(body!, "surname");
        if ((e1 ?? e2 ?? e3 ?? e4 ?? e5 ?? e6 ?? e7) is { } typeError)
        {
            return typeError.ToResult();
        }

        var (password, e8) = profile is null ? (null, null) : JsonFields.String(profile, "password", "passwordProfile.password");
        if (e8 is not null)
        {
            return e8.ToResult();
        }

        // Checks in Graph's order: required properties, then the domain, then the password rules.
        GraphError? error = enabled is null ? GraphErrors.RequiredValueMissing("accountEnabled")
            : string.IsNullOrWhiteSpace(displayName) ? GraphErrors.RequiredValueMissing("displayName")
            : string.IsNullOrWhiteSpace(nickname) ? GraphErrors.RequiredValueMissing("mailNickname")
            : string.IsNullOrWhiteSpace(upn) ? GraphErrors.RequiredValueMissing("userPrincipalName")
            : string.IsNullOrEmpty(password) ? GraphErrors.RequiredValueMissing("passwordProfile")
            : null;
        if (error is not null)
        {
            return error.ToResult();
        }

        var tenant = await directory.GetTenantAsync(caller.TenantId, http.RequestAborted);
        var at = upn!.LastIndexOf('@');
        if (at <= 0 || tenant is null || !string.Equals(upn[(at + 1)..], tenant.Domain, StringComparison.OrdinalIgnoreCase) || upn[..at].Any(c => char.IsWhiteSpace(c) || c is '@' or '"'))
        {
            return GraphErrors.UnverifiedDomain().ToResult();
        }

        if (!PasswordRules.IsComplex(password!))
        {
            return GraphErrors.WeakPassword().ToResult();
        }

        var (user, failure) = await admin.CreateUserAsync(new NewUser(caller.TenantId, upn, displayName!, password!, enabled!.Value, givenName, surname), http.RequestAborted);
        return failure is not null
            ? GraphErrors.ObjectConflict("userPrincipalName").ToResult()
            : GraphJson.Ok(UserEndpoints.View(http, user!, "users/$entity"), StatusCodes.Status201Created);
    }

    public static async Task<IResult> UpdateAsync(HttpContext http, string idOrUpn, IDirectory directory, IDirectoryAdmin admin)
    {
        var (user, error) = await FindWritableAsync(http, idOrUpn, directory);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (body, bodyError) = await GraphBody.ReadAsync<JsonObject>(http.Request);
        if (bodyError is not null)
        {
            return bodyError.ToResult();
        }

        foreach (var name in body!.Select(p => p.Key))
        {
            if (name is "userPrincipalName" or "mailNickname" or "id")
            {
                return GraphErrors.ReadOnlyProperty(name).ToResult();
            }
        }

        var (displayName, e1) = JsonFields.String(body!, "displayName");
        var (givenName, e2) = JsonFields.String(body!, "givenName");
        var (surname, e3) = JsonFields.String(body!, "surname");
        var (enabled, e4) = JsonFields.Bool(body!, "accountEnabled");
        var (profile, e5) = JsonFields.Object(body!, "passwordProfile");
        if ((e1 ?? e2 ?? e3 ?? e4 ?? e5) is { } typeError)
        {
            return typeError.ToResult();
        }

        if (JsonFields.Has(body!, "displayName") && string.IsNullOrWhiteSpace(displayName))
        {
            return GraphErrors.RequiredValueMissing("displayName").ToResult();
        }

        var (password, e6) = profile is null ? (null, null) : JsonFields.String(profile, "password", "passwordProfile.password");
        if (e6 is not null)
        {
            return e6.ToResult();
        }

        if (password is not null && !PasswordRules.IsComplex(password))
        {
            return GraphErrors.WeakPassword().ToResult();
        }

        await admin.UpdateUserAsync(user!.Id, new UserChanges(displayName, givenName, surname, enabled, null, password), http.RequestAborted);

        // Graph answers a PATCH with 204 and no body.
        return Results.NoContent();
    }

    public static async Task<IResult> DeleteAsync(HttpContext http, string idOrUpn, IDirectory directory, IDirectoryAdmin admin)
    {
        var (user, error) = await FindWritableAsync(http, idOrUpn, directory);
        if (error is not null)
        {
            return error.ToResult();
        }

        await admin.DeleteUserAsync(user!.Id, http.RequestAborted);
        return Results.NoContent();
    }

    /// <summary><c>POST /users/{id}/assignLicense</c> <c>{"addLicenses":[{"skuId"}],"removeLicenses":[skuId]}</c>: the Teams licence on or off.</summary>
    public static async Task<IResult> AssignLicenseAsync(HttpContext http, string idOrUpn, IDirectory directory, IDirectoryAdmin admin)
    {
        var (user, error) = await FindWritableAsync(http, idOrUpn, directory);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (body, bodyError) = await GraphBody.ReadAsync<JsonObject>(http.Request);
        if (bodyError is not null)
        {
            return bodyError.ToResult();
        }

        if (body!["addLicenses"] is not JsonArray add)
        {
            return GraphErrors.RequiredValueMissing("addLicenses").ToResult();
        }

        var (remove, removeError) = JsonFields.Strings(body!, "removeLicenses");
        if (removeError is not null || remove is null)
        {
            return (removeError ?? GraphErrors.RequiredValueMissing("removeLicenses")).ToResult();
        }

        var added = new List<string>();
        foreach (var item in add)
        {
            var (sku, skuError) = item is JsonObject o ? JsonFields.String(o, "skuId", "addLicenses.skuId") : (null, GraphErrors.InvalidValue("addLicenses"));
            if (skuError is not null || sku is null)
            {
                return (skuError ?? GraphErrors.RequiredValueMissing("addLicenses.skuId")).ToResult();
            }

            added.Add(sku);
        }

        if (added.Concat(remove).FirstOrDefault(s => !Guid.TryParse(s, out var g) || g != TeamsLicense.SkuId) is { } unknown)
        {
            return GraphErrors.UnsupportedSku(unknown).ToResult();
        }

        bool? teams = added.Count > 0 ? true : remove.Count > 0 ? false : null;
        var (updated, _) = await admin.UpdateUserAsync(user!.Id, new UserChanges(TeamsEnabled: teams), http.RequestAborted);
        return GraphJson.Ok(UserEndpoints.View(http, updated!, "users/$entity"));
    }

    /// <summary><c>GET /subscribedSkus</c>: the one licence this server knows.</summary>
    public static async Task<IResult> SubscribedSkusAsync(HttpContext http, IDirectory directory)
    {
        var caller = http.GraphCaller();
        var users = await directory.ListUsersAsync(caller.TenantId, http.RequestAborted);
        return GraphJson.Ok(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"{UserEndpoints.Origin(http)}/v1.0/$metadata#subscribedSkus",
            ["value"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["accountId"] = caller.TenantId.ToString(),
                    ["appliesTo"] = "User",
                    ["capabilityStatus"] = "Enabled",
                    ["consumedUnits"] = users.Count(u => u.TeamsEnabled),
                    ["id"] = $"{caller.TenantId}_{TeamsLicense.SkuId}",
                    ["prepaidUnits"] = new { enabled = 10000, suspended = 0, warning = 0 },
                    ["servicePlans"] = Array.Empty<object>(),
                    ["skuId"] = TeamsLicense.SkuId.ToString(),
                    ["skuPartNumber"] = TeamsLicense.SkuPartNumber,
                },
            },
        });
    }

    /// <summary>
    /// Finds the target and checks the caller may change it: a User Administrator may not change or
    /// delete a user who holds an admin role (Entra keeps privileged accounts to Global Administrators).
    /// </summary>
    private static async Task<(DirectoryUser? User, GraphError? Error)> FindWritableAsync(HttpContext http, string idOrUpn, IDirectory directory)
    {
        var (user, error) = await FindAsync(http, idOrUpn, directory);
        if (error is not null)
        {
            return (null, error);
        }

        var denied = await AdminAccess.CheckAsync(http, directory, user!.Roles.Count > 0 ? AdminAccess.GlobalAdministrators : AdminAccess.UserWriters);
        return denied is null ? (user, null) : (null, denied);
    }

    internal static async Task<(DirectoryUser? User, GraphError? Error)> FindAsync(HttpContext http, string idOrUpn, IDirectory directory)
    {
        var caller = http.GraphCaller();
        var user = Guid.TryParse(idOrUpn, out var id)
            ? await directory.GetUserAsync(id, http.RequestAborted)
            : await directory.FindUserAsync(idOrUpn, http.RequestAborted);
        return user is null || user.TenantId != caller.TenantId ? (null, GraphErrors.DirectoryObjectNotFound(idOrUpn)) : (user, null);
    }
}

/// <summary>Entra's default password rules: 8 to 256 characters, three of lower, upper, digit and symbol.</summary>
internal static class PasswordRules
{
    public static bool IsComplex(string password)
    {
        if (password.Length is < 8 or > 256)
        {
            return false;
        }

        var kinds = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0) + (password.Any(char.IsDigit) ? 1 : 0)
                    + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        return kinds >= 3;
    }
}

using System.Text.Json.Nodes;
using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// <c>/policies/authorizationPolicy</c>, reduced to what Switchboard enforces: whether users may consent
/// to apps for themselves. <c>defaultUserRolePermissions.permissionGrantPoliciesAssigned</c> holds
/// <c>ManagePermissionGrantsForSelf.microsoft-user-default-legacy</c> when they may, and nothing when not.
/// </summary>
internal static class AuthorizationPolicyEndpoints
{
    public const string UserConsentPolicy = "ManagePermissionGrantsForSelf.microsoft-user-default-legacy";

    public static readonly GraphPermission ReadPolicy = GraphPermission.DelegatedOnly("Policy.Read.All", "Policy.ReadWrite.Authorization");

    public static readonly GraphPermission WritePolicy = GraphPermission.DelegatedOnly("Policy.ReadWrite.Authorization");

    public static async Task<IResult> GetAsync(HttpContext http, IDirectory directory)
    {
        var tenant = await directory.GetTenantAsync(http.GraphCaller().TenantId, http.RequestAborted);
        return GraphJson.Ok(View(http, tenant!.UsersCanConsent));
    }

    public static async Task<IResult> UpdateAsync(HttpContext http, IDirectory directory, IDirectoryAdmin admin)
    {
        if (await AdminAccess.CheckAsync(http, directory, AdminAccess.PrivilegedWriters) is { } denied)
        {
            return denied.ToResult();
        }

        var (body, bodyError) = await GraphBody.ReadAsync<JsonObject>(http.Request);
        if (bodyError is not null)
        {
            return bodyError.ToResult();
        }

        var (permissions, e1) = JsonFields.Object(body!, "defaultUserRolePermissions");
        if (e1 is not null)
        {
            return e1.ToResult();
        }

        if (permissions is null || !JsonFields.Has(permissions, "permissionGrantPoliciesAssigned"))
        {
            // Nothing Switchboard models changes (other settings are accepted and ignored, see docs/admin.md).
            return Results.NoContent();
        }

        var (policies, e2) = JsonFields.Strings(permissions, "permissionGrantPoliciesAssigned", "defaultUserRolePermissions.permissionGrantPoliciesAssigned");
        if (e2 is not null || policies is null)
        {
            return (e2 ?? GraphErrors.InvalidValue("defaultUserRolePermissions.permissionGrantPoliciesAssigned")).ToResult();
        }

        if (policies.FirstOrDefault(p => !p.Equals(UserConsentPolicy, StringComparison.OrdinalIgnoreCase)
                                          && !p.StartsWith("ManagePermissionGrantsForSelf.", StringComparison.OrdinalIgnoreCase)
                                          && !p.StartsWith("ManagePermissionGrantsForOwnedResource.", StringComparison.OrdinalIgnoreCase)) is { } unknown)
        {
            return GraphErrors.InvalidDirectoryValue("permissionGrantPoliciesAssigned", $"'{unknown}' is not a permission grant policy.").ToResult();
        }

        // Any self-consent policy lets users consent (Switchboard applies the legacy default rules for all of them).
        var allowed = policies.Any(p => p.StartsWith("ManagePermissionGrantsForSelf.", StringComparison.OrdinalIgnoreCase));
        await admin.SetUsersCanConsentAsync(http.GraphCaller().TenantId, allowed, http.RequestAborted);
        return Results.NoContent();
    }

    private static Dictionary<string, object?> View(HttpContext http, bool usersCanConsent) => new()
    {
        ["@odata.context"] = $"{UserEndpoints.Origin(http)}/v1.0/$metadata#policies/authorizationPolicy/$entity",
        ["id"] = "authorizationPolicy",
        ["allowInvitesFrom"] = "everyone",
        ["allowedToSignUpEmailBasedSubscriptions"] = true,
        ["allowedToUseSSPR"] = true,
        ["allowEmailVerifiedUsersToJoinOrganization"] = false,
        ["blockMsolPowerShell"] = false,
        ["displayName"] = "Authorization Policy",
        ["description"] = "Used to manage authorization related settings across the company.",
        ["guestUserRoleId"] = "10dae51f-b6af-4016-8d66-8c2a99b929b3",
        ["defaultUserRolePermissions"] = new Dictionary<string, object?>
        {
            ["allowedToCreateApps"] = false,
            ["allowedToCreateSecurityGroups"] = true,
            ["allowedToCreateTenants"] = true,
            ["allowedToReadBitlockerKeysForOwnedDevice"] = true,
            ["allowedToReadOtherUsers"] = true,
            ["permissionGrantPoliciesAssigned"] = usersCanConsent ? new[] { UserConsentPolicy } : [],
        },
    };
}

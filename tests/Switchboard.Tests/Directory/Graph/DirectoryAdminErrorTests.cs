using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Directory.Graph;

/// <summary>
/// Every refusal of the administration endpoints has Graph's error shape and code and changes nothing:
/// a token without the scope, a user without the role, another tenant's objects, bad bodies.
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class DirectoryAdminErrorTests(AdminServer admin)
{
    private const string ContosoCallsObjectIdPlaceholder = "{contoso-app}";

    public enum Caller
    {
        /// <summary>Fabrikam's Global Administrator through the portal app.</summary>
        Admin,

        /// <summary>A Fabrikam user with no role, through the portal app (all scopes, no role).</summary>
        PlainUser,

        /// <summary>Fabrikam's Global Administrator through Contoso Chat, whose grant has no directory write scope.</summary>
        AdminWithoutScope,
    }

    public static TheoryData<string, Caller, string, string, string?, int, string> Cases => new()
    {
        // Missing scope: Graph's 403 Forbidden, whatever the user's roles.
        { "missing scope: create user", Caller.AdminWithoutScope, "POST", "/v1.0/users", """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"x@fabrikam.test","passwordProfile":{"password":"Xx!12345"}}""", 403, "Forbidden" },
        { "missing scope: create application", Caller.AdminWithoutScope, "POST", "/v1.0/applications", """{"displayName":"X"}""", 403, "Forbidden" },
        { "missing scope: policy", Caller.AdminWithoutScope, "PATCH", "/v1.0/policies/authorizationPolicy", """{"defaultUserRolePermissions":{"permissionGrantPoliciesAssigned":[]}}""", 403, "Forbidden" },
        { "missing scope: grants", Caller.AdminWithoutScope, "GET", "/v1.0/oauth2PermissionGrants", null, 403, "Forbidden" },

        // Scope present, role missing: Entra's Authorization_RequestDenied.
        { "no role: create user", Caller.PlainUser, "POST", "/v1.0/users", """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"x@fabrikam.test","passwordProfile":{"password":"Xx!12345"}}""", 403, "Authorization_RequestDenied" },
        { "no role: disable user", Caller.PlainUser, "PATCH", "/v1.0/users/alex@fabrikam.test", """{"accountEnabled":false}""", 403, "Authorization_RequestDenied" },
        { "no role: create application", Caller.PlainUser, "POST", "/v1.0/applications", """{"displayName":"X"}""", 403, "Authorization_RequestDenied" },
        { "no role: add service principal", Caller.PlainUser, "POST", "/v1.0/servicePrincipals", """{"appId":"c0de0005-0000-4000-8000-000000000005"}""", 403, "Authorization_RequestDenied" },
        { "no role: grant", Caller.PlainUser, "POST", "/v1.0/oauth2PermissionGrants", """{"clientId":"00000000-0000-0000-0000-000000000001","consentType":"AllPrincipals","resourceId":"00000000-0000-0000-0000-000000000002","scope":"User.Read"}""", 403, "Authorization_RequestDenied" },
        { "no role: policy", Caller.PlainUser, "PATCH", "/v1.0/policies/authorizationPolicy", """{"defaultUserRolePermissions":{"permissionGrantPoliciesAssigned":[]}}""", 403, "Authorization_RequestDenied" },
        { "no role: directory role", Caller.PlainUser, "POST", "/v1.0/directoryRoles/62e90394-69f5-4237-9190-012177145e10/members/$ref", """{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/22222222-0000-4000-8000-000000000001"}""", 403, "Authorization_RequestDenied" },

        // Other tenants' objects are not found.
        { "other tenant: user", Caller.Admin, "PATCH", "/v1.0/users/" + Admins.ContosoAdminId, """{"accountEnabled":false}""", 404, "Request_ResourceNotFound" },
        { "other tenant: application", Caller.Admin, "GET", "/v1.0/applications(appId='c0de0001-0000-4000-8000-000000000001')", null, 404, "Request_ResourceNotFound" },
        { "other tenant: application patch", Caller.Admin, "PATCH", "/v1.0/applications/" + ContosoCallsObjectIdPlaceholder, """{"displayName":"Hijacked"}""", 404, "Request_ResourceNotFound" },
        { "other tenant: role member", Caller.Admin, "POST", "/v1.0/directoryRoles/62e90394-69f5-4237-9190-012177145e10/members/$ref", """{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/11111111-0000-4000-8000-000000000031"}""", 404, "Request_ResourceNotFound" },
        { "unknown grant", Caller.Admin, "DELETE", "/v1.0/oauth2PermissionGrants/00000000-0000-0000-0000-0000000000aa", null, 404, "Request_ResourceNotFound" },

        // Bad bodies.
        { "malformed JSON", Caller.Admin, "POST", "/v1.0/users", "{not json", 400, "BadRequest" },
        { "user without password", Caller.Admin, "POST", "/v1.0/users", """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"x@fabrikam.test"}""", 400, "Request_BadRequest" },
        { "user in another domain", Caller.Admin, "POST", "/v1.0/users", """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"x@contoso.test","passwordProfile":{"password":"Xx!12345"}}""", 400, "Request_BadRequest" },
        { "weak password", Caller.Admin, "POST", "/v1.0/users", """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"weak@fabrikam.test","passwordProfile":{"password":"password"}}""", 400, "Request_BadRequest" },
        { "existing user name", Caller.Admin, "POST", "/v1.0/users", """{"accountEnabled":true,"displayName":"X","mailNickname":"adele","userPrincipalName":"adele@fabrikam.test","passwordProfile":{"password":"Xx!12345"}}""", 400, "Request_BadRequest" },
        { "accountEnabled of the wrong type", Caller.Admin, "PATCH", "/v1.0/users/alex@fabrikam.test", """{"accountEnabled":"no"}""", 400, "Request_BadRequest" },
        { "unknown licence", Caller.Admin, "POST", "/v1.0/users/alex@fabrikam.test/assignLicense", """{"addLicenses":[{"skuId":"00000000-0000-0000-0000-000000000001"}],"removeLicenses":[]}""", 400, "Request_BadRequest" },
        { "application without name", Caller.Admin, "POST", "/v1.0/applications", """{"signInAudience":"AzureADMyOrg"}""", 400, "Request_BadRequest" },
        { "unknown audience", Caller.Admin, "POST", "/v1.0/applications", """{"displayName":"X","signInAudience":"Everyone"}""", 400, "Request_BadRequest" },
        { "http redirect URI", Caller.Admin, "POST", "/v1.0/applications", """{"displayName":"X","web":{"redirectUris":["http://app.example/cb"]}}""", 400, "Request_BadRequest" },
        { "unknown permission id", Caller.Admin, "POST", "/v1.0/applications", """{"displayName":"X","requiredResourceAccess":[{"resourceAppId":"00000003-0000-0000-c000-000000000000","resourceAccess":[{"id":"00000000-0000-0000-0000-000000000009","type":"Scope"}]}]}""", 400, "Request_BadRequest" },
        { "unknown app id", Caller.Admin, "POST", "/v1.0/servicePrincipals", """{"appId":"00000000-0000-0000-0000-0000000000ab"}""", 400, "Request_BadRequest" },
        { "single-tenant app of another tenant", Caller.Admin, "POST", "/v1.0/servicePrincipals", """{"appId":"c0de0003-0000-4000-8000-000000000003"}""", 400, "Request_BadRequest" },
        { "grant of unknown consent type", Caller.Admin, "POST", "/v1.0/oauth2PermissionGrants", """{"clientId":"00000000-0000-0000-0000-000000000001","consentType":"Everyone","resourceId":"00000000-0000-0000-0000-000000000002","scope":"User.Read"}""", 400, "Request_BadRequest" },
        { "Principal grant without principal", Caller.Admin, "POST", "/v1.0/oauth2PermissionGrants", """{"clientId":"00000000-0000-0000-0000-000000000001","consentType":"Principal","resourceId":"00000000-0000-0000-0000-000000000002","scope":"User.Read"}""", 400, "Request_BadRequest" },
        { "unknown grant policy", Caller.Admin, "PATCH", "/v1.0/policies/authorizationPolicy", """{"defaultUserRolePermissions":{"permissionGrantPoliciesAssigned":["AnythingGoes"]}}""", 400, "Request_BadRequest" },
        { "unknown role", Caller.Admin, "POST", "/v1.0/directoryRoles/00000000-0000-0000-0000-000000000000/members/$ref", """{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/22222222-0000-4000-8000-000000000002"}""", 404, "Request_ResourceNotFound" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refusal_has_Graphs_error_code(string name, Caller caller, string method, string path, string? body, int status, string code)
    {
        var token = caller switch
        {
            Caller.Admin => await admin.PortalTokenAsync(Admins.Megan, Admins.MeganPassword),
            Caller.PlainUser => await admin.PortalTokenAsync(Admins.Adele, Admins.AdelePassword),
            _ => await GraphClients.TokenAsync(admin.Server, Admins.Megan, Admins.MeganPassword),
        };
        using var http = admin.Server.CreateClient();
        if (path.Contains(ContosoCallsObjectIdPlaceholder, StringComparison.Ordinal))
        {
            // Contoso's app registration object id, as Contoso's admin reads it.
            var contoso = await admin.PortalTokenAsync(Admins.ContosoAdmin, Admins.ContosoAdminPassword);
            using var read = new HttpRequestMessage(HttpMethod.Get, "/v1.0/applications(appId='c0de0001-0000-4000-8000-000000000001')");
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", contoso);
            using var app = JsonDocument.Parse(await (await http.SendAsync(read)).Content.ReadAsStringAsync());
            path = path.Replace(ContosoCallsObjectIdPlaceholder, app.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{name}: {(int)response.StatusCode} {text}");
        using var error = JsonDocument.Parse(text);
        Assert.Equal(code, error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetProperty("message").GetString()));
    }
}

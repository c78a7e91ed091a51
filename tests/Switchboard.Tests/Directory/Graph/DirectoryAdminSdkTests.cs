using System.Net;
using Microsoft.Graph;
using Microsoft.Graph.Applications.Item.AddPassword;
using Microsoft.Graph.Applications.Item.RemovePassword;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.AssignLicense;
using Microsoft.Identity.Client;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Directory.Graph;

/// <summary>
/// The directory's administration driven by Microsoft.Graph for .NET, unchanged, with the tokens the
/// admin portal holds; and the effects each change has on sign-in.
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class DirectoryAdminSdkTests(AdminServer admin)
{
    private static readonly Guid TeamsSku = new("7e31c0d9-9551-471d-836f-32ee72be4a01");
    private const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";
    private const string ContosoAdminReports = "c0de0005-0000-4000-8000-000000000005";

    private SwitchboardServer Server => admin.Server;

    private async Task<GraphServiceClient> MeganAsync() => GraphClients.Create(Server, await admin.PortalTokenAsync(Admins.Megan, Admins.MeganPassword));

    [Fact]
    public async Task User_is_created_licensed_for_Teams_disabled_so_sign_in_fails_with_AADSTS50057_and_deleted()
    {
        var graph = await MeganAsync();
        var upn = $"sdk{Guid.NewGuid():N}"[..12] + "@fabrikam.test";
        var created = await graph.Users.PostAsync(new User
        {
            AccountEnabled = true,
            DisplayName = "Sdk Created",
            MailNickname = upn.Split('@')[0],
            UserPrincipalName = upn,
            PasswordProfile = new PasswordProfile { Password = "Created!Pass1", ForceChangePasswordNextSignIn = false },
        });
        Assert.Equal(upn, created!.UserPrincipalName);
        Assert.True(created.AccountEnabled);
        Assert.Empty(created.AssignedLicenses!);

        var licensed = await graph.Users[created.Id].AssignLicense.PostAsync(new AssignLicensePostRequestBody { AddLicenses = [new AssignedLicense { SkuId = TeamsSku }], RemoveLicenses = [] });
        Assert.Equal(TeamsSku, Assert.Single(licensed!.AssignedLicenses!).SkuId);

        // The new user signs in with MSAL.NET; once disabled, Entra's AADSTS50057.
        var client = PublicClientApplicationBuilder.Create(GraphClients.ContosoChat).WithAuthority($"{Server.Origin}/organizations")
            .WithInstanceDiscovery(false).WithHttpClientFactory(Server.MsalHttpClientFactory).Build();
#pragma warning disable CS0618 // ROPC keeps the sign-in check short; MSAL marks it obsolete to discourage it.
        var token = await client.AcquireTokenByUsernamePassword(["https://graph.microsoft.com/User.Read"], upn, "Created!Pass1").ExecuteAsync();
        Assert.Equal(created.Id, token.Account.HomeAccountId.ObjectId);

        await graph.Users[created.Id].PatchAsync(new User { AccountEnabled = false });
        Assert.False((await graph.Users[created.Id].GetAsync())!.AccountEnabled);
        var refused = await Assert.ThrowsAnyAsync<MsalServiceException>(() => client.AcquireTokenByUsernamePassword(["https://graph.microsoft.com/User.Read"], upn, "Created!Pass1").ExecuteAsync());
#pragma warning restore CS0618
        Assert.Contains("AADSTS50057", refused.Message, StringComparison.Ordinal);

        await graph.Users[created.Id].DeleteAsync();
        var gone = await Assert.ThrowsAsync<ODataError>(() => graph.Users[created.Id].GetAsync());
        Assert.Equal(404, gone.ResponseStatusCode);
    }

    [Fact]
    public async Task Directory_role_is_given_and_taken_away_and_the_new_User_Administrator_may_then_create_users()
    {
        var graph = await MeganAsync();
        var roles = await graph.DirectoryRoles.GetAsync();
        Assert.Contains(roles!.Value!, r => r.RoleTemplateId == UserAdministrator && r.DisplayName == "User Administrator");

        const string Alex = "22222222-0000-4000-8000-000000000002";
        await graph.DirectoryRoles[UserAdministrator].Members.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{Alex}" });
        Assert.Contains((await graph.DirectoryRoles[UserAdministrator].Members.GetAsync())!.Value!, m => m.Id == Alex);

        var alex = GraphClients.Create(Server, await admin.PortalTokenAsync("alex@fabrikam.test", "Fabrikam!Alex1"));
        var upn = $"ua{Guid.NewGuid():N}"[..10] + "@fabrikam.test";
        var byAlex = await alex.Users.PostAsync(new User
        {
            AccountEnabled = true, DisplayName = "By Alex", MailNickname = upn.Split('@')[0], UserPrincipalName = upn,
            PasswordProfile = new PasswordProfile { Password = "ByAlex!Pass1" },
        });
        Assert.NotNull(byAlex!.Id);

        // A User Administrator cannot touch a privileged account: Megan is a Global Administrator.
        var privileged = await Assert.ThrowsAsync<ODataError>(() => alex.Users[Admins.Megan].PatchAsync(new User { AccountEnabled = false }));
        Assert.Equal("Authorization_RequestDenied", privileged.Error!.Code);
        Assert.True((await graph.Users[Admins.Megan].GetAsync())!.AccountEnabled);

        await graph.DirectoryRoles[UserAdministrator].Members[Alex].Ref.DeleteAsync();
        Assert.DoesNotContain((await graph.DirectoryRoles[UserAdministrator].Members.GetAsync())!.Value!, m => m.Id == Alex);
        var denied = await Assert.ThrowsAsync<ODataError>(() => alex.Users[byAlex.Id].DeleteAsync());
        Assert.Equal("Authorization_RequestDenied", denied.Error!.Code);
    }

    [Fact]
    public async Task App_registration_gets_redirect_uris_permissions_and_a_secret_that_works_once_and_is_removed()
    {
        var graph = await MeganAsync();
        var userRead = new Guid("e1fe6dd8-ba31-4d61-89e7-88639da4683d");
        var app = await graph.Applications.PostAsync(new Application
        {
            DisplayName = "Fabrikam Reports " + Guid.NewGuid().ToString("N")[..6],
            SignInAudience = "AzureADMyOrg",
            Spa = new SpaApplication { RedirectUris = ["https://reports.fabrikam.test/"] },
        });
        Assert.NotEqual(Guid.Empty, Guid.Parse(app!.AppId!));
        Assert.Equal(["https://reports.fabrikam.test/"], app.Spa!.RedirectUris);

        await graph.Applications[app.Id].PatchAsync(new Application
        {
            Web = new WebApplication { RedirectUris = ["https://reports.fabrikam.test/signin"] },
            RequiredResourceAccess = [new RequiredResourceAccess { ResourceAppId = "00000003-0000-0000-c000-000000000000", ResourceAccess = [new ResourceAccess { Id = userRead, Type = "Scope" }] }],
        });
        var read = await graph.ApplicationsWithAppId(app.AppId).GetAsync();
        Assert.Equal(["https://reports.fabrikam.test/signin"], read!.Web!.RedirectUris);
        Assert.Equal(["https://reports.fabrikam.test/"], read.Spa!.RedirectUris);
        Assert.Equal(userRead, Assert.Single(Assert.Single(read.RequiredResourceAccess!).ResourceAccess!).Id);
        var listed = await graph.Applications.GetAsync(r => r.QueryParameters.Filter = $"appId eq '{app.AppId}'");
        Assert.Equal(app.Id, Assert.Single(listed!.Value!).Id);

        // The secret is shown once, works for client credentials, and stops working when removed.
        var secret = await graph.Applications[app.Id].AddPassword.PostAsync(new AddPasswordPostRequestBody { PasswordCredential = new PasswordCredential { DisplayName = "ci" } });
        Assert.False(string.IsNullOrEmpty(secret!.SecretText));
        var stored = Assert.Single((await graph.Applications[app.Id].GetAsync())!.PasswordCredentials!);
        Assert.Null(stored.SecretText);
        Assert.Equal(secret.SecretText[..3], stored.Hint);

        using var http = Server.CreateClient();
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = app.AppId!, ["client_secret"] = secret.SecretText, ["scope"] = "https://graph.microsoft.com/.default" };
        Assert.Equal(HttpStatusCode.OK, (await OAuthClient.PostTokenAsync(http, FabrikamTenant, form)).Status);
        await graph.Applications[app.Id].RemovePassword.PostAsync(new RemovePasswordPostRequestBody { KeyId = secret.KeyId });
        var afterRemoval = await OAuthClient.PostTokenAsync(http, FabrikamTenant, form);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRemoval.Status);

        await graph.Applications[app.Id].DeleteAsync();
        Assert.Empty((await graph.Applications.GetAsync(r => r.QueryParameters.Filter = $"appId eq '{app.AppId}'"))!.Value!);
    }

    [Fact]
    public async Task Enterprise_app_of_another_tenant_is_added_by_app_id_and_a_grant_made_through_Graph_satisfies_the_token_request()
    {
        var graph = await MeganAsync();
        var added = await graph.ServicePrincipals.PostAsync(new ServicePrincipal { AppId = ContosoAdminReports });
        Assert.Equal("Contoso Admin Reports", added!.DisplayName);
        Assert.Equal(ContosoTenant, added.AppOwnerOrganizationId.ToString());
        Assert.Equal(added.Id, (await graph.ServicePrincipalsWithAppId(ContosoAdminReports).GetAsync())!.Id);
        var again = await Assert.ThrowsAsync<ODataError>(() => graph.ServicePrincipals.PostAsync(new ServicePrincipal { AppId = ContosoAdminReports }));
        Assert.Equal(409, again.ResponseStatusCode);

        // Contoso Calls has no consent from Alex: the password grant needs consent (AADSTS65001) until an
        // admin grants the Teams permissions for everyone through /oauth2PermissionGrants.
        using var http = Server.CreateClient();
        var before = await OAuthClient.PasswordAsync(http, "alex@fabrikam.test", "Fabrikam!Alex1", ManageCalls);
        Assert.Equal(65001, before.FirstErrorCode);

        var client = (await graph.ServicePrincipals.GetAsync(r => r.QueryParameters.Filter = $"appId eq '{ContosoCalls}'"))!.Value!.Single();
        var acs = await graph.ServicePrincipalsWithAppId("1fd5118e-2576-4263-8130-9503064c837a").GetAsync();
        var grant = await graph.Oauth2PermissionGrants.PostAsync(new OAuth2PermissionGrant { ClientId = client.Id, ConsentType = "AllPrincipals", ResourceId = acs!.Id, Scope = "Teams.ManageCalls" });
        Assert.Equal("Teams.ManageCalls", grant!.Scope);
        Assert.Contains((await graph.ServicePrincipals[client.Id].Oauth2PermissionGrants.GetAsync())!.Value!, g => g.Id == grant.Id);

        var after = await OAuthClient.PasswordAsync(http, "alex@fabrikam.test", "Fabrikam!Alex1", ManageCalls);
        Assert.True(after.Status == HttpStatusCode.OK, after.Body.ToString());

        // Narrowed and then deleted, the grant stops covering the request.
        await graph.Oauth2PermissionGrants[grant.Id].PatchAsync(new OAuth2PermissionGrant { Scope = "Teams.ManageChats" });
        Assert.Equal("Teams.ManageChats", (await graph.Oauth2PermissionGrants[grant.Id].GetAsync())!.Scope);
        Assert.Equal(65001, (await OAuthClient.PasswordAsync(http, "alex@fabrikam.test", "Fabrikam!Alex1", ManageCalls)).FirstErrorCode);
        await graph.Oauth2PermissionGrants[grant.Id].DeleteAsync();
        Assert.DoesNotContain((await graph.Oauth2PermissionGrants.GetAsync())!.Value!, g => g.Id == grant.Id);

        await graph.ServicePrincipals[added.Id].DeleteAsync();
        Assert.Equal(404, (await Assert.ThrowsAsync<ODataError>(() => graph.ServicePrincipals[added.Id].GetAsync())).ResponseStatusCode);
    }

    [Fact]
    public async Task Authorization_policy_flip_decides_whether_users_see_the_consent_page_or_need_admin_approval()
    {
        var graph = await MeganAsync();
        var policy = await graph.Policies.AuthorizationPolicy.GetAsync();
        Assert.Equal(["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"], policy!.DefaultUserRolePermissions!.PermissionGrantPoliciesAssigned);
        Assert.True((await ConsentPageAsync()).HasButton("Accept"));

        await graph.Policies.AuthorizationPolicy.PatchAsync(new AuthorizationPolicy { DefaultUserRolePermissions = new DefaultUserRolePermissions { PermissionGrantPoliciesAssigned = [] } });
        Assert.Empty((await graph.Policies.AuthorizationPolicy.GetAsync())!.DefaultUserRolePermissions!.PermissionGrantPoliciesAssigned!);
        var blocked = await ConsentPageAsync();
        Assert.True(blocked.Has("AADSTS90094"), blocked.Text);
        Assert.False(blocked.HasButton("Accept"));

        await graph.Policies.AuthorizationPolicy.PatchAsync(new AuthorizationPolicy { DefaultUserRolePermissions = new DefaultUserRolePermissions { PermissionGrantPoliciesAssigned = ["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"] } });
        Assert.True((await ConsentPageAsync()).HasButton("Accept"));
    }

    /// <summary>What Pradeep (no consent to Contoso Calls) sees after signing in to it.</summary>
    private async Task<WebPage> ConsentPageAsync()
    {
        using var browser = new FormBrowser(Server);
        var (_, challenge) = OAuthClient.Pkce();
        var signIn = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", ManageCalls + " openid profile", challenge));
        return await browser.SubmitAsync(signIn, "Sign in", new Dictionary<string, string> { ["Email"] = "pradeep@fabrikam.test", ["Password"] = "Fabrikam!Pradeep1" });
    }
}

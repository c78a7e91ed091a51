using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Login;

/// <summary>
/// The consent matrix, driven through the real sign-in and consent pages (labels and buttons as a
/// person sees them). Tenant-wide grants change a tenant, so each such test has a tenant of its own.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ConsentTests(SharedServer shared)
{
    private const string Teams = ManageCalls + " " + ManageChats + " openid profile offline_access";
    private const string OrganizationCheckbox = "Consent on behalf of your organization";

    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task User_of_a_tenant_that_allows_it_consents_for_themselves_and_is_not_asked_again()
    {
        using (var browser = new FormBrowser(Server))
        {
            var (consent, verifier) = await SignInAsync(browser, "organizations", "consent@fabrikam.test", "Fabrikam!Consent1");
            Assert.True(consent.HasButton("Accept") && consent.HasButton("Cancel"), consent.Text);
            Assert.True(consent.Has("Manage calls in Teams") && consent.Has("Manage chats in Teams"), consent.Text);
            Assert.False(consent.Has(OrganizationCheckbox));
            await RedeemAsync(await browser.SubmitAsync(consent, "Accept"), verifier);
        }

        // A new browser (no session): after signing in, straight back to the app.
        var (second, secondVerifier) = await SignInAsync("organizations", "consent@fabrikam.test", "Fabrikam!Consent1");
        Assert.NotNull(second.LeftTo);
        var token = await RedeemAsync(second, secondVerifier);
        Assert.Equal(["Teams.ManageCalls", "Teams.ManageChats"], token.GetPayloadValue<string>("scp").Split(' ').Order());
    }

    [Fact]
    public async Task Plain_user_of_a_tenant_without_user_consent_is_sent_for_admin_approval()
    {
        var (page, _) = await SignInAsync("organizations", "diego@northwind.test", "Northwind!Diego1");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.True(page.Has("Need admin approval") && page.Has("AADSTS90094"), page.Text);
        Assert.False(page.HasButton("Accept"));
        var back = page.Document!.QuerySelector("a")!.GetAttribute("href")!;
        Assert.StartsWith(LoopbackRedirect + "?error=access_denied", back, StringComparison.Ordinal);
        Assert.Contains("AADSTS90094", Uri.UnescapeDataString(back), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_administrator_consents_for_the_organization_and_its_users_are_not_prompted()
    {
        using var admin = new FormBrowser(Server);
        var (consent, verifier) = await SignInAsync(admin, "organizations", "gadmin@tailspin.test", "Tailspin!Admin1");
        Assert.True(consent.Has(OrganizationCheckbox), consent.Text);
        var back = await admin.SubmitAsync(consent, "Accept", null, OrganizationCheckbox);
        await RedeemAsync(back, verifier);

        var (user, userVerifier) = await SignInAsync("organizations", "user@tailspin.test", "Tailspin!User1");
        Assert.NotNull(user.LeftTo);
        Assert.Equal("user@tailspin.test", (await RedeemAsync(user, userVerifier)).GetPayloadValue<string>("upn"));
    }

    [Fact]
    public async Task Application_administrator_grants_with_prompt_admin_consent_where_users_may_not_consent()
    {
        using var admin = new FormBrowser(Server);
        var (consent, verifier) = await SignInAsync(admin, "organizations", "appadmin@wingtip.test", "Wingtip!Admin1", prompt: "admin_consent");
        var box = consent.Document!.QuerySelector("#consent_org");
        Assert.NotNull(box);
        Assert.True(box.HasAttribute("checked"), "Where users may not consent, the admin's consent is for the organization.");
        await RedeemAsync(await admin.SubmitAsync(consent, "Accept"), verifier);

        var (user, userVerifier) = await SignInAsync("organizations", "user@wingtip.test", "Wingtip!User1");
        Assert.NotNull(user.LeftTo);
        await RedeemAsync(user, userVerifier);
    }

    [Fact]
    public async Task Cloud_application_administrator_grants_through_adminconsent_and_users_then_get_tokens()
    {
        using var admin = new FormBrowser(Server);
        var start = await admin.OpenAsync($"/litware.test/adminconsent?client_id={ContosoCalls}&redirect_uri={Uri.EscapeDataString(LoopbackRedirect)}&state=xyz");
        var consent = await admin.SubmitAsync(start, "Sign in", Credentials("cloudadmin@litware.test", "Litware!Admin1"));
        Assert.True(consent.Has("Accepting grants these permissions for everyone in your organization"), consent.Text);
        var back = await admin.SubmitAsync(consent, "Accept");

        Assert.Equal("True", back.Reply["admin_consent"]);
        Assert.Equal(LitwareTenant, back.Reply["tenant"]);
        Assert.Equal("xyz", back.Reply["state"]);

        using var http = Server.CreateClient();
        var reply = await OAuthClient.PasswordAsync(http, "user@litware.test", "Litware!User1", Teams);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task A_directory_role_that_cannot_grant_for_the_tenant_is_refused_at_adminconsent()
    {
        using var browser = new FormBrowser(Server);
        var start = await browser.OpenAsync($"/litware.test/adminconsent?client_id={ContosoCalls}&redirect_uri={Uri.EscapeDataString(LoopbackRedirect)}");
        var page = await browser.SubmitAsync(start, "Sign in", Credentials("teamsadmin@litware.test", "Litware!Teams1"));

        Assert.True(page.Has("AADSTS90094"), page.Text);
        Assert.False(page.HasButton("Accept"));
    }

    [Fact]
    public async Task Plain_user_cannot_consent_to_a_permission_that_needs_an_admin()
    {
        var (page, _) = await SignInAsync("organizations", "pradeep@fabrikam.test", "Fabrikam!Pradeep1", client: ContosoAdminReports, scope: "User.Read.All openid", redirect: "http://localhost");
        Assert.True(page.Has("Need admin approval") && page.Has("AADSTS90094"), page.Text);
    }

    [Fact]
    public async Task Administrator_may_consent_only_for_themselves_and_colleagues_are_still_asked()
    {
        using var admin = new FormBrowser(Server);
        var (consent, verifier) = await SignInAsync(admin, "organizations", "megan@fabrikam.test", "Fabrikam!Megan1");
        var box = consent.Document!.QuerySelector("#consent_org");
        Assert.NotNull(box);
        Assert.False(box.HasAttribute("checked"));
        await RedeemAsync(await admin.SubmitAsync(consent, "Accept"), verifier);

        var (colleague, _) = await SignInAsync("organizations", "alex@fabrikam.test", "Fabrikam!Alex1");
        Assert.True(colleague.HasButton("Accept"), colleague.Text);
    }

    [Fact]
    public async Task Personal_account_is_refused_by_an_app_for_work_and_school_accounts()
    {
        var (page, _) = await SignInAsync("common", "pat@outlook.test", "Personal!Pat1");
        Assert.True(page.Has("AADSTS500200") && page.Has("personal Microsoft account"), page.Text);
        Assert.Null(page.LeftTo);
    }

    [Fact]
    public async Task Personal_account_cannot_get_the_Teams_permissions_even_where_the_app_allows_it()
    {
        var (page, _) = await SignInAsync("common", "pat@outlook.test", "Personal!Pat1", client: ContosoEveryone, redirect: "http://localhost");
        Assert.Equal("invalid_scope", page.Reply["error"]);
        Assert.StartsWith("AADSTS70011", page.Reply["error_description"], StringComparison.Ordinal);
        Assert.Contains("personal Microsoft accounts", page.Reply["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenant_lacking_the_ACS_service_principal_gets_650052()
    {
        var (page, _) = await SignInAsync("organizations", "user@woodgrove.test", "Woodgrove!User1");
        Assert.StartsWith("AADSTS650052", page.Reply["error_description"], StringComparison.Ordinal);
        Assert.Contains("lacks a service principal", page.Reply["error_description"], StringComparison.Ordinal);
        Assert.Contains("1fd5118e-2576-4263-8130-9503064c837a", page.Reply["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_consent_in_a_tenant_lacking_the_ACS_service_principal_is_refused()
    {
        using var browser = new FormBrowser(Server);
        var start = await browser.OpenAsync($"/woodgrove.test/adminconsent?client_id={ContosoCalls}");
        var page = await browser.SubmitAsync(start, "Sign in", Credentials("admin@woodgrove.test", "Woodgrove!Admin1"));
        Assert.True(page.Has("AADSTS650052"), page.Text);
    }

    [Fact]
    public async Task Cancel_on_the_consent_page_returns_access_denied()
    {
        using var browser = new FormBrowser(Server);
        var (consent, _) = await SignInAsync(browser, "organizations", "cancel@fabrikam.test", "Fabrikam!Cancel1");
        var back = await browser.SubmitAsync(consent, "Cancel");

        Assert.Equal("access_denied", back.Reply["error"]);
        Assert.StartsWith("AADSTS65004", back.Reply["error_description"], StringComparison.Ordinal);
        Assert.Equal("state-1", back.Reply["state"]);
    }

    [Fact]
    public async Task Silent_authorize_answers_login_required_then_consent_required()
    {
        using var browser = new FormBrowser(Server);
        var (_, challenge) = OAuthClient.Pkce();
        var noSession = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", Teams, challenge, prompt: "none"));
        Assert.Equal("login_required", noSession.Reply["error"]);
        Assert.StartsWith("AADSTS50058", noSession.Reply["error_description"], StringComparison.Ordinal);

        await SignInAsync(browser, "organizations", "errors@fabrikam.test", "Fabrikam!Errors1");
        var silent = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", "User.ReadBasic.All openid", challenge, prompt: "none"));
        Assert.Equal("consent_required", silent.Reply["error"]);
        Assert.StartsWith("AADSTS65001", silent.Reply["error_description"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dora@fabrikam.test", "Fabrikam!Dora1", "AADSTS50057")]
    [InlineData("adele@fabrikam.test", "wrong password", "AADSTS50126")]
    [InlineData("nobody@fabrikam.test", "whatever", "AADSTS50034")]
    public async Task Sign_in_page_shows_the_Entra_error_and_stays(string user, string password, string code)
    {
        var (page, _) = await SignInAsync("organizations", user, password);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.True(page.Has(code), page.Text);
        Assert.True(page.HasButton("Sign in"));
    }

    [Fact]
    public async Task User_of_another_tenant_is_refused_by_a_tenant_specific_authority()
    {
        var (page, _) = await SignInAsync("northwind.test", "adele@fabrikam.test", "Fabrikam!Adele1");
        Assert.True(page.Has("AADSTS50020"), page.Text);
        Assert.Null(page.LeftTo);
    }

    private static Dictionary<string, string> Credentials(string user, string password) => new() { ["Email"] = user, ["Password"] = password };

    private async Task<(WebPage Page, string Verifier)> SignInAsync(string tenant, string user, string password, string? prompt = null, string client = ContosoCalls, string scope = Teams, string redirect = LoopbackRedirect)
    {
        using var browser = new FormBrowser(Server);
        return await SignInAsync(browser, tenant, user, password, prompt, client, scope, redirect);
    }

    private static async Task<(WebPage Page, string Verifier)> SignInAsync(FormBrowser browser, string tenant, string user, string password, string? prompt = null, string client = ContosoCalls, string scope = Teams, string redirect = LoopbackRedirect)
    {
        var (verifier, challenge) = OAuthClient.Pkce();
        var signIn = await browser.OpenAsync(OAuthClient.AuthorizeUrl(tenant, scope, challenge, client, redirect, prompt));
        Assert.True(signIn.HasButton("Sign in"), signIn.Text);
        return (await browser.SubmitAsync(signIn, "Sign in", Credentials(user, password)), verifier);
    }

    private async Task<JsonWebToken> RedeemAsync(WebPage back, string verifier)
    {
        using var http = Server.CreateClient();
        var reply = await OAuthClient.RedeemAsync(http, back.Reply["code"], verifier, scope: Teams);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.ToString());
        return new JsonWebToken(reply["access_token"]);
    }
}

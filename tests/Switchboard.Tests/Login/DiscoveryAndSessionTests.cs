using System.Net;
using System.Text.Json;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Login;

/// <summary>What MSAL asks besides the grants (instance discovery, user realm), CORS for single-page apps, and sign-out.</summary>
[Collection(ServerCollection.Name)]
public sealed class DiscoveryAndSessionTests(SharedServer shared)
{
    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task Instance_discovery_names_this_host_as_its_own_alias()
    {
        using var http = Server.CreateClient();
        var authorize = Uri.EscapeDataString($"{Server.Origin}/{FabrikamTenant}/oauth2/v2.0/authorize");
        using var json = JsonDocument.Parse(await http.GetStringAsync($"common/discovery/instance?api-version=1.1&authorization_endpoint={authorize}"));
        var host = new Uri(Server.Origin).Authority;

        Assert.Equal($"{Server.Origin}/{FabrikamTenant}/v2.0/.well-known/openid-configuration", json.RootElement.GetProperty("tenant_discovery_endpoint").GetString());
        var metadata = json.RootElement.GetProperty("metadata")[0];
        Assert.Equal(host, metadata.GetProperty("preferred_network").GetString());
        Assert.Equal(host, metadata.GetProperty("aliases")[0].GetString());
    }

    [Theory]
    [InlineData("adele@fabrikam.test", "Managed")]
    [InlineData("someone@unknown.example", "Unknown")]
    public async Task User_realm_says_managed_for_known_domains(string upn, string accountType)
    {
        using var http = Server.CreateClient();
        using var json = JsonDocument.Parse(await http.GetStringAsync($"common/userrealm/{upn}?api-version=1.0"));
        Assert.Equal(accountType, json.RootElement.GetProperty("account_type").GetString());
        Assert.Equal("1.0", json.RootElement.GetProperty("ver").GetString());
    }

    [Fact]
    public async Task Token_endpoint_answers_CORS_preflight_for_single_page_apps()
    {
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "organizations/oauth2/v2.0/token");
        request.Headers.Add("Origin", "https://spa.contoso.test");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Sign_out_ends_the_session_and_returns_only_to_a_registered_uri()
    {
        using var browser = new FormBrowser(Server);
        var (_, challenge) = OAuthClient.Pkce();
        var scope = ManageCalls + " openid";
        var signIn = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", scope, challenge));
        await browser.SubmitAsync(signIn, "Sign in", new Dictionary<string, string> { ["Email"] = "errors@fabrikam.test", ["Password"] = "Fabrikam!Errors1" });
        Assert.True((await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", scope, challenge, prompt: "none"))).Reply.ContainsKey("code"));

        var evil = await browser.OpenAsync($"/organizations/oauth2/v2.0/logout?client_id={ContosoCalls}&post_logout_redirect_uri=https://evil.example/");
        Assert.Null(evil.LeftTo);
        Assert.True(evil.Has("You signed out"), evil.Text);

        var silent = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", scope, challenge, prompt: "none"));
        Assert.Equal("login_required", silent.Reply["error"]);

        var back = await browser.OpenAsync($"/organizations/oauth2/v2.0/logout?client_id={ContosoCalls}&post_logout_redirect_uri={Uri.EscapeDataString(LoopbackRedirect)}&state=bye");
        Assert.Equal("bye", back.Reply["state"]);
    }

    [Fact]
    public async Task Consent_and_sign_in_pages_refuse_to_be_framed()
    {
        using var http = Server.CreateClient();
        var (_, challenge) = OAuthClient.Pkce();
        using var response = await http.GetAsync(OAuthClient.AuthorizeUrl("organizations", ManageCalls, challenge).TrimStart('/'));
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}

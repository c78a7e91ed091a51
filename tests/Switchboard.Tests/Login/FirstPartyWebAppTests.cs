using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Login;

/// <summary>
/// Switchboard's own web apps (the client at <c>/</c>, the portal at <c>/admin/</c>) are present in every
/// organisation with no consent prompt, like Microsoft's apps in Entra, and return only to this server's origin.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FirstPartyWebAppTests(SharedServer shared)
{
    private const string WebApp = "5b0a4d2e-7f1c-4c8e-9a3d-5717c4b0a001";

    private SwitchboardServer Server => shared.Server;

    [Theory]
    [InlineData("diego@northwind.test", "Northwind!Diego1", "/")]
    [InlineData("adele@fabrikam.test", "Fabrikam!Adele1", "/admin/")]
    public async Task Web_app_signs_in_a_user_of_any_organisation_without_a_consent_prompt(string user, string password, string path)
    {
        var redirect = Server.Origin + path;
        const string Scope = "https://graph.microsoft.com/Chat.ReadWrite https://graph.microsoft.com/User.ReadBasic.All openid profile offline_access";
        using var browser = new FormBrowser(Server);
        var (verifier, challenge) = OAuthClient.Pkce();
        var signIn = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", Scope, challenge, WebApp, redirect));
        var back = await browser.SubmitAsync(signIn, "Sign in", new Dictionary<string, string> { ["Email"] = user, ["Password"] = password });

        Assert.True(back.LeftTo is not null, back.Text);
        Assert.StartsWith(redirect + "?", back.LeftTo.ToString(), StringComparison.Ordinal);
        using var http = Server.CreateClient();
        var reply = await OAuthClient.PostTokenAsync(http, "organizations", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = WebApp,
            ["code"] = back.Reply["code"],
            ["redirect_uri"] = redirect,
            ["code_verifier"] = verifier,
            ["scope"] = Scope,
        }, origin: Server.Origin);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.ToString());
        var token = new JsonWebToken(reply["access_token"]);
        Assert.Equal(WebApp, token.GetPayloadValue<string>("appid"));
        var scopes = token.GetPayloadValue<string>("scp").Split(' ');
        Assert.Contains("Chat.ReadWrite", scopes);
        Assert.Contains("User.ReadBasic.All", scopes);

        // The Teams permissions too, silently, for the calling token exchange.
        var teams = await OAuthClient.PostTokenAsync(http, "organizations", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = WebApp,
            ["refresh_token"] = reply["refresh_token"]!,
            ["scope"] = "https://auth.msft.communication.azure.com/Teams.ManageCalls https://auth.msft.communication.azure.com/Teams.ManageChats",
        }, origin: Server.Origin);
        Assert.True(teams.Status == HttpStatusCode.OK, teams.Body.ToString());
        Assert.Equal(["Teams.ManageCalls", "Teams.ManageChats"], new JsonWebToken(teams["access_token"]).GetPayloadValue<string>("scp").Split(' ').Order());
    }

    [Theory]
    [InlineData("https://elsewhere.example/")]
    [InlineData("https://elsewhere.example/admin/")]
    [InlineData("http://localhost/")]
    public async Task Web_app_returns_only_to_this_servers_origin(string redirect)
    {
        using var browser = new FormBrowser(Server);
        var page = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", "openid profile", null, WebApp, redirect));

        Assert.Null(page.LeftTo);
        Assert.True(page.Has("AADSTS50011"), page.Text);
    }

    [Fact]
    public async Task Microsofts_resources_remain_unusable_as_clients()
    {
        using var browser = new FormBrowser(Server);
        var page = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", "openid", null, "00000003-0000-0000-c000-000000000000", Server.Origin + "/"));

        Assert.True(page.Has("AADSTS700016"), page.Text);
    }
}

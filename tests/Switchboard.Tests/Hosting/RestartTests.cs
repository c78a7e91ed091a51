using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Hosting;

/// <summary>A restart of the server process keeps everything: directory, grants, refresh tokens, signing keys, sessions, the CA.</summary>
public sealed class RestartTests
{
    private const string Scope = ManageCalls + " " + ManageChats + " openid profile offline_access";

    [Fact]
    public async Task Users_grants_refresh_tokens_and_keys_survive_a_restart()
    {
        var data = SwitchboardServer.NewDataDirectory();
        string refreshToken, accessToken, caThumbprint;
        string consentCode;
        await using (var first = await SwitchboardServer.StartAsync(data))
        {
            using var http = first.CreateClient();
            var reply = await OAuthClient.PasswordAsync(http, "restart@fabrikam.test", "Fabrikam!Restart1", Scope);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            refreshToken = reply["refresh_token"]!;
            accessToken = reply["access_token"]!;
            caThumbprint = first.Authority.Thumbprint;

            // A consent given on the page before the restart.
            using var browser = new FormBrowser(first);
            var (_, challenge) = OAuthClient.Pkce();
            var signIn = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", Scope, challenge));
            var consent = await browser.SubmitAsync(signIn, "Sign in", new Dictionary<string, string> { ["Email"] = "adele@fabrikam.test", ["Password"] = "Fabrikam!Adele1" });
            consentCode = (await browser.SubmitAsync(consent, "Accept")).Reply["code"];
            Assert.NotEmpty(consentCode);
        }

        await using var second = await SwitchboardServer.StartAsync(data);
        Assert.Equal(caThumbprint, second.Authority.Thumbprint);
        using var client = second.CreateClient();

        // The refresh token issued before the restart still works (and rotates).
        var refreshed = await OAuthClient.PostTokenAsync(client, "organizations", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = ContosoCalls, ["refresh_token"] = refreshToken, ["scope"] = Scope,
        });
        Assert.True(refreshed.Status == HttpStatusCode.OK, refreshed.Body.ToString());

        // The signing key survived: the old token verifies against the new process's JWKS.
        var keys = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(await client.GetStringAsync($"{FabrikamTenant}/discovery/keys"));
        Assert.Contains(keys.Keys, k => k.Kid == new JsonWebToken(accessToken).Kid);

        // The user and the consent given on the page are still there: no consent page this time.
        using var browser2 = new FormBrowser(second);
        var (verifier, challenge2) = OAuthClient.Pkce();
        var page = await browser2.OpenAsync(OAuthClient.AuthorizeUrl("organizations", Scope, challenge2));
        var back = await browser2.SubmitAsync(page, "Sign in", new Dictionary<string, string> { ["Email"] = "adele@fabrikam.test", ["Password"] = "Fabrikam!Adele1" });
        var tokens = await OAuthClient.RedeemAsync(client, back.Reply["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal(UserId("01"), new JsonWebToken(tokens["access_token"]).GetPayloadValue<string>("oid"));
    }

    [Fact]
    public async Task The_browser_session_survives_a_restart()
    {
        var data = SwitchboardServer.NewDataDirectory();
        var cookies = new CookieContainer();
        await using (var first = await SwitchboardServer.StartAsync(data))
        {
            using var browser = new FormBrowser(first, cookies);
            var (_, challenge) = OAuthClient.Pkce();
            var signIn = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", Scope, challenge));
            var back = await browser.SubmitAsync(signIn, "Sign in", new Dictionary<string, string> { ["Email"] = "ropc@fabrikam.test", ["Password"] = "Fabrikam!Ropc1" });
            Assert.NotNull(back.LeftTo);
        }

        // Cookies ignore ports, so the same browser reaches the next process: a silent request succeeds.
        await using var second = await SwitchboardServer.StartAsync(data);
        using var again = new FormBrowser(second, cookies);
        var (_, challenge2) = OAuthClient.Pkce();
        var silent = await again.OpenAsync(OAuthClient.AuthorizeUrl("organizations", Scope, challenge2, prompt: "none"));
        Assert.True(silent.Reply.ContainsKey("code"), string.Join("&", silent.Reply));
    }
}

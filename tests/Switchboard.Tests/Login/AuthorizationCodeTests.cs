using System.Net;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Login;

/// <summary>The authorization code grant's protections: PKCE, single use, binding to client and redirect URI, SPA origins, refresh rotation.</summary>
[Collection(ServerCollection.Name)]
public sealed class AuthorizationCodeTests(SharedServer shared)
{
    private const string Scope = ManageCalls + " " + ManageChats + " openid profile offline_access";

    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task Code_is_single_use()
    {
        var (code, verifier) = await CodeAsync();
        using var http = Server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await OAuthClient.RedeemAsync(http, code, verifier)).Status);

        var again = await OAuthClient.RedeemAsync(http, code, verifier);
        Assert.Equal(54005, again.FirstErrorCode);
        Assert.Equal("invalid_grant", again["error"]);
    }

    [Theory]
    [InlineData("wrong verifier", 501481)]
    [InlineData("no verifier", 501481)]
    public async Task Code_needs_the_PKCE_verifier(string variant, int expected)
    {
        var (code, verifier) = await CodeAsync();
        using var http = Server.CreateClient();
        var reply = await OAuthClient.RedeemAsync(http, code, variant == "no verifier" ? null : verifier + "x");
        Assert.Equal(expected, reply.FirstErrorCode);
    }

    [Fact]
    public async Task Public_client_must_send_a_PKCE_challenge()
    {
        using var browser = new FormBrowser(Server);
        var page = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", Scope, challenge: null));
        Assert.Equal("invalid_request", page.Reply["error"]);
        Assert.StartsWith("AADSTS9002325", page.Reply["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_is_bound_to_its_redirect_uri_and_client()
    {
        var (code, verifier) = await CodeAsync();
        using var http = Server.CreateClient();
        var otherRedirect = await OAuthClient.RedeemAsync(http, code, verifier, redirectUri: "http://localhost");
        Assert.Equal(50011, otherRedirect.FirstErrorCode);

        var (code2, verifier2) = await CodeAsync();
        var otherClient = await OAuthClient.RedeemAsync(http, code2, verifier2, client: ContosoEveryone);
        Assert.Equal(70000, otherClient.FirstErrorCode);
    }

    [Fact]
    public async Task Code_for_one_tenant_is_refused_at_another_tenant()
    {
        var (code, verifier) = await CodeAsync();
        using var http = Server.CreateClient();
        var reply = await OAuthClient.RedeemAsync(http, code, verifier, tenant: ContosoTenant);
        Assert.Equal(700005, reply.FirstErrorCode);
    }

    [Fact]
    public async Task Unregistered_redirect_uri_is_an_error_page_never_a_redirect()
    {
        using var browser = new FormBrowser(Server);
        var (_, challenge) = OAuthClient.Pkce();
        var page = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", Scope, challenge, redirectUri: "https://evil.example/callback"));
        Assert.Null(page.LeftTo);
        Assert.True(page.Has("AADSTS50011"), page.Text);
    }

    [Fact]
    public async Task Single_page_app_codes_are_redeemed_only_cross_origin()
    {
        var (code, verifier) = await CodeAsync(redirectUri: "https://spa.contoso.test/");
        using var http = Server.CreateClient();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = ContosoCalls, ["code"] = code,
            ["redirect_uri"] = "https://spa.contoso.test/", ["code_verifier"] = verifier,
        };
        var withoutOrigin = await OAuthClient.PostTokenAsync(http, "organizations", form);
        Assert.Equal(9002327, withoutOrigin.FirstErrorCode);

        var (code2, verifier2) = await CodeAsync(redirectUri: "https://spa.contoso.test/");
        form["code"] = code2;
        form["code_verifier"] = verifier2;
        var withOrigin = await OAuthClient.PostTokenAsync(http, "organizations", form, origin: "https://spa.contoso.test");
        Assert.Equal(HttpStatusCode.OK, withOrigin.Status);
        Assert.InRange(int.Parse(withOrigin["refresh_token_expires_in"]!, System.Globalization.CultureInfo.InvariantCulture), 86_000, 86_400);
    }

    [Fact]
    public async Task Native_codes_are_not_redeemed_cross_origin()
    {
        var (code, verifier) = await CodeAsync();
        using var http = Server.CreateClient();
        var reply = await OAuthClient.PostTokenAsync(http, "organizations", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = ContosoCalls, ["code"] = code,
            ["redirect_uri"] = LoopbackRedirect, ["code_verifier"] = verifier,
        }, origin: "https://somewhere.example");
        Assert.Equal(9002326, reply.FirstErrorCode);
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_replayed_one_revokes_its_family()
    {
        var (code, verifier) = await CodeAsync();
        using var http = Server.CreateClient();
        var first = await OAuthClient.RedeemAsync(http, code, verifier);
        var original = first["refresh_token"]!;

        var second = await RefreshAsync(http, original);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        var rotated = second["refresh_token"]!;
        Assert.NotEqual(original, rotated);

        // The old token again: treated as stolen, the whole family dies, the new token included.
        var replay = await RefreshAsync(http, original);
        Assert.Equal(50173, replay.FirstErrorCode);
        var afterReplay = await RefreshAsync(http, rotated);
        Assert.Equal(50173, afterReplay.FirstErrorCode);
    }

    [Fact]
    public async Task Refresh_token_of_one_client_is_refused_for_another_and_stays_usable()
    {
        var (code, verifier) = await CodeAsync();
        using var http = Server.CreateClient();
        var token = (await OAuthClient.RedeemAsync(http, code, verifier))["refresh_token"]!;

        var other = await RefreshAsync(http, token, ContosoEveryone);
        Assert.Equal(70000, other.FirstErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(http, token)).Status);
    }

    [Fact]
    public async Task Form_post_response_mode_posts_the_code_to_the_app()
    {
        using var browser = new FormBrowser(Server);
        var (_, challenge) = OAuthClient.Pkce();
        var signIn = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", Scope, challenge, responseMode: "form_post"));
        var page = await browser.SubmitAsync(signIn, "Sign in", new Dictionary<string, string> { ["Email"] = "errors@fabrikam.test", ["Password"] = "Fabrikam!Errors1" });

        var form = page.Document!.QuerySelector("form")!;
        Assert.Equal(LoopbackRedirect, form.GetAttribute("action"));
        Assert.NotNull(page.Document.QuerySelector("input[name=code]"));
        Assert.Equal("state-1", page.Document.QuerySelector("input[name=state]")!.GetAttribute("value"));
    }

    private static Task<TokenReply> RefreshAsync(HttpClient http, string token, string client = ContosoCalls)
        => OAuthClient.PostTokenAsync(http, "organizations", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = client, ["refresh_token"] = token, ["scope"] = Scope,
        });

    private async Task<(string Code, string Verifier)> CodeAsync(string redirectUri = LoopbackRedirect)
    {
        using var browser = new FormBrowser(Server);
        var (verifier, challenge) = OAuthClient.Pkce();
        var signIn = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", Scope, challenge, redirectUri: redirectUri));
        var back = await browser.SubmitAsync(signIn, "Sign in", new Dictionary<string, string> { ["Email"] = "errors@fabrikam.test", ["Password"] = "Fabrikam!Errors1" });
        return (back.Reply["code"], verifier);
    }
}

using System.Net;
namespace Switchboard.Tests.Infrastructure;

/// <summary>Entra tokens of Switchboard's first-party web app, got as the browser app gets them (authorization code + PKCE).</summary>
internal static class WebAppTokens
{
    public const string WebApp = "5b0a4d2e-7f1c-4c8e-9a3d-5717c4b0a001";

    /// <param name="path">The app's page the sign-in returns to: <c>/</c> (the client) or <c>/admin/</c> (the portal).</param>
    public static async Task<string> SignInAsync(SwitchboardServer server, string user, string password, string scope, string path = "/")
    {
        var redirect = server.Origin + path;
        using var browser = new FormBrowser(server);
        var (verifier, challenge) = OAuthClient.Pkce();
        var signIn = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", scope, challenge, WebApp, redirect));
        var back = await browser.SubmitAsync(signIn, "Sign in", new Dictionary<string, string> { ["Email"] = user, ["Password"] = password });
        Assert.True(back.LeftTo is not null, back.Text);
        using var http = server.CreateClient();
        var reply = await OAuthClient.PostTokenAsync(http, "organizations", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = WebApp,
            ["code"] = back.Reply["code"],
            ["redirect_uri"] = redirect,
            ["code_verifier"] = verifier,
            ["scope"] = scope,
        }, origin: server.Origin);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.ToString());
        return reply["access_token"]!;
    }
}

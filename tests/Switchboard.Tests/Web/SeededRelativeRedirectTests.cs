using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Web;

/// <summary>
/// A seed may register a page this server serves by its path (Contoso Calls: <c>/samples/contoso/</c>):
/// it matches on this server's origin, whatever its port, and nowhere else.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SeededRelativeRedirectTests(SharedServer shared)
{
    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task Seeded_path_redirect_uri_returns_to_the_sample_on_this_servers_origin()
    {
        var redirect = Server.Origin + "/samples/contoso/";
        using var browser = new FormBrowser(Server);
        var (_, challenge) = OAuthClient.Pkce();
        var signIn = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", TestDirectory.ManageCalls + " " + TestDirectory.ManageChats, challenge, TestDirectory.ContosoCalls, redirect));
        var back = await browser.SubmitAsync(signIn, "Sign in", new Dictionary<string, string> { ["Email"] = "sam@fabrikam.test", ["Password"] = "Fabrikam!Sam1" });

        Assert.True(back.LeftTo is not null, back.Text);
        Assert.StartsWith(redirect + "?", back.LeftTo.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://elsewhere.example/samples/contoso/")]
    [InlineData("/samples/contoso/")]
    public async Task Seeded_path_redirect_uri_matches_no_other_origin(string redirect)
    {
        using var browser = new FormBrowser(Server);
        var page = await browser.OpenAsync(OAuthClient.AuthorizeUrl("organizations", "openid", null, TestDirectory.ContosoCalls, redirect));

        Assert.Null(page.LeftTo);
        Assert.True(page.Has("AADSTS50011"), page.Text);
    }
}

using Microsoft.Identity.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Login;

/// <summary>MSAL.NET (Microsoft.Identity.Client from NuGet, unchanged) against the sign-in service.</summary>
[Collection(ServerCollection.Name)]
public sealed class MsalNetTests(SharedServer shared)
{
    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task Msal_net_gets_both_Teams_permissions_by_username_and_password()
    {
        var app = PublicClient();
#pragma warning disable CS0618 // ROPC is what the issue asks to show; MSAL marks it obsolete to discourage it.
        var result = await app.AcquireTokenByUsernamePassword(TeamsScopes, "ropc@fabrikam.test", "Fabrikam!Ropc1").ExecuteAsync();
#pragma warning restore CS0618

        var token = new JsonWebToken(result.AccessToken);
        Assert.Equal(AcsAudience, token.GetPayloadValue<string>("aud"));
        Assert.Equal(["Teams.ManageCalls", "Teams.ManageChats"], token.GetPayloadValue<string>("scp").Split(' ').Order());
        Assert.Equal(FabrikamTenant, token.GetPayloadValue<string>("tid"));
        Assert.Equal(UserId("10"), token.GetPayloadValue<string>("oid"));
        Assert.Equal(ContosoCalls, token.GetPayloadValue<string>("appid"));
        Assert.Equal("1.0", token.GetPayloadValue<string>("ver"));
        Assert.Equal($"{Server.Origin}/{FabrikamTenant}/", token.Issuer);
        Assert.Equal($"{UserId("10")}.{FabrikamTenant}", result.Account.HomeAccountId.Identifier);
        Assert.Equal("ropc@fabrikam.test", result.Account.Username);
        Assert.Equal(UserId("10"), result.UniqueId);
        Assert.InRange(result.ExpiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(91));
    }

    [Fact]
    public async Task Msal_net_silent_call_refreshes_with_the_refresh_token()
    {
        var app = PublicClient();
#pragma warning disable CS0618
        var first = await app.AcquireTokenByUsernamePassword(TeamsScopes, "refresh@fabrikam.test", "Fabrikam!Refresh1").ExecuteAsync();
#pragma warning restore CS0618
        var refreshed = await app.AcquireTokenSilent(TeamsScopes, first.Account).WithForceRefresh(true).ExecuteAsync();

        Assert.Equal(TokenSource.IdentityProvider, refreshed.AuthenticationResultMetadata.TokenSource);
        Assert.NotEqual(first.AccessToken, refreshed.AccessToken);
        Assert.Equal(UserId("13"), new JsonWebToken(refreshed.AccessToken).GetPayloadValue<string>("oid"));

        // The refresh token is valid across resources the user consented to: Graph's User.Read here.
        var graph = await app.AcquireTokenSilent(["User.Read"], first.Account).ExecuteAsync();
        Assert.Equal("https://graph.microsoft.com", new JsonWebToken(graph.AccessToken).GetPayloadValue<string>("aud"));
    }

    [Fact]
    public async Task Msal_net_device_code_completes_through_the_device_login_page()
    {
        var app = PublicClient();
        Task<WebPage>? person = null;
        var result = await app.AcquireTokenWithDeviceCode(TeamsScopes, code =>
        {
            Assert.Contains(code.UserCode, code.Message, StringComparison.Ordinal);
            Assert.Equal($"{Server.Origin}/devicelogin", code.VerificationUrl);
            person = CompleteDeviceLoginAsync(code.UserCode);
            return Task.CompletedTask;
        }).ExecuteAsync().WaitAsync(TimeSpan.FromSeconds(90));

        var done = await person!;
        Assert.True(done.Has("You have signed in to the Contoso Calls application on your device"), done.Text);
        var token = new JsonWebToken(result.AccessToken);
        Assert.Equal(UserId("11"), token.GetPayloadValue<string>("oid"));
        Assert.Contains("Teams.ManageChats", token.GetPayloadValue<string>("scp"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Msal_net_confidential_client_runs_client_credentials()
    {
        var app = ConfidentialClient(ContosoDaemon, ContosoDaemonSecret, ContosoTenant);
        var result = await app.AcquireTokenForClient(["https://graph.microsoft.com/.default"]).ExecuteAsync();
        var cached = await app.AcquireTokenForClient(["https://graph.microsoft.com/.default"]).ExecuteAsync();

        var token = new JsonWebToken(result.AccessToken);
        Assert.Equal("https://graph.microsoft.com", token.GetPayloadValue<string>("aud"));
        Assert.Equal("app", token.GetPayloadValue<string>("idtyp"));
        Assert.Equal(["User.Read.All"], token.GetPayloadValue<string[]>("roles"));
        Assert.Equal("1", token.GetPayloadValue<string>("appidacr"));
        Assert.False(token.TryGetPayloadValue<string>("scp", out _));
        Assert.Equal(TokenSource.Cache, cached.AuthenticationResultMetadata.TokenSource);
    }

    [Fact]
    public async Task Msal_net_confidential_client_runs_on_behalf_of_to_ACS()
    {
        // Contoso's client signs the user in for Contoso's server API...
#pragma warning disable CS0618
        var user = await PublicClient().AcquireTokenByUsernamePassword([ContosoServerScope], "obo@fabrikam.test", "Fabrikam!Obo1").ExecuteAsync();
#pragma warning restore CS0618
        var apiToken = new JsonWebToken(user.AccessToken);
        Assert.Equal(ContosoServer, apiToken.GetPayloadValue<string>("aud"));
        Assert.Equal("2.0", apiToken.GetPayloadValue<string>("ver"));

        // ...and the server trades that token for one to ACS, on behalf of the user.
        var server = ConfidentialClient(ContosoServer, ContosoServerSecret, FabrikamTenant);
        var result = await server.AcquireTokenOnBehalfOf(TeamsScopes, new UserAssertion(user.AccessToken)).ExecuteAsync();

        var token = new JsonWebToken(result.AccessToken);
        Assert.Equal(AcsAudience, token.GetPayloadValue<string>("aud"));
        Assert.Equal(ContosoServer, token.GetPayloadValue<string>("appid"));
        Assert.Equal(UserId("12"), token.GetPayloadValue<string>("oid"));
        Assert.Equal(FabrikamTenant, token.GetPayloadValue<string>("tid"));
        Assert.Equal(["Teams.ManageCalls", "Teams.ManageChats"], token.GetPayloadValue<string>("scp").Split(' ').Order());
    }

    [Fact]
    public async Task Msal_net_on_behalf_of_without_the_middle_tier_consent_is_ui_required()
    {
#pragma warning disable CS0618
        var user = await PublicClient().AcquireTokenByUsernamePassword([ContosoServerScope], "jwt@fabrikam.test", "Fabrikam!Jwt1").ExecuteAsync();
#pragma warning restore CS0618
        var server = ConfidentialClient(ContosoServer, ContosoServerSecret, FabrikamTenant);

        var error = await Assert.ThrowsAsync<MsalUiRequiredException>(() => server.AcquireTokenOnBehalfOf(TeamsScopes, new UserAssertion(user.AccessToken)).ExecuteAsync());
        Assert.Equal(UiRequiredExceptionClassification.ConsentRequired, error.Classification);
        Assert.Contains("AADSTS65001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Msal_net_reports_missing_consent_as_ui_required()
    {
#pragma warning disable CS0618
        var error = await Assert.ThrowsAsync<MsalUiRequiredException>(() =>
            PublicClient().AcquireTokenByUsernamePassword(TeamsScopes, "pradeep@fabrikam.test", "Fabrikam!Pradeep1").ExecuteAsync());
#pragma warning restore CS0618
        Assert.Equal("invalid_grant", error.ErrorCode);
        Assert.Equal(UiRequiredExceptionClassification.ConsentRequired, error.Classification);
    }

    [Fact]
    public async Task Msal_net_sees_a_bad_client_secret_as_invalid_client()
    {
        var app = ConfidentialClient(ContosoDaemon, "not-the-secret-of-this-app", ContosoTenant);
        var error = await Assert.ThrowsAsync<MsalServiceException>(() => app.AcquireTokenForClient(["https://graph.microsoft.com/.default"]).ExecuteAsync());
        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("AADSTS7000215", error.Message, StringComparison.Ordinal);
    }

    private async Task<WebPage> CompleteDeviceLoginAsync(string userCode)
    {
        using var browser = new FormBrowser(Server);
        var entry = await browser.OpenAsync("/devicelogin");
        var signIn = await browser.SubmitAsync(entry, "Next", new Dictionary<string, string> { ["Code"] = userCode });
        var consent = await browser.SubmitAsync(signIn, "Sign in", new Dictionary<string, string> { ["Email"] = "device@fabrikam.test", ["Password"] = "Fabrikam!Device1" });
        Assert.True(consent.Has("Manage calls in Teams") && consent.Has("Manage chats in Teams"), consent.Text);
        return await browser.SubmitAsync(consent, "Accept");
    }

    private IPublicClientApplication PublicClient() => PublicClientApplicationBuilder.Create(ContosoCalls)
        .WithAuthority($"{Server.Origin}/organizations")
        .WithInstanceDiscovery(false)
        .WithHttpClientFactory(Server.MsalHttpClientFactory)
        .Build();

    private IConfidentialClientApplication ConfidentialClient(string clientId, string secret, string tenant) => ConfidentialClientApplicationBuilder.Create(clientId)
        .WithClientSecret(secret)
        .WithAuthority($"{Server.Origin}/{tenant}")
        .WithInstanceDiscovery(false)
        .WithHttpClientFactory(Server.MsalHttpClientFactory)
        .Build();
}

using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Login;

/// <summary>
/// A standard validator (Microsoft.IdentityModel's ConfigurationManager + JsonWebTokenHandler), given
/// only the discovery URL, accepts our tokens and rejects tampered, expired, wrong-audience and
/// wrong-issuer ones. The server here issues 2-second access tokens so expiry is real, not simulated.
/// </summary>
public sealed class TokenValidationTests(TokenValidationTests.ShortLivedTokens fixture) : IClassFixture<TokenValidationTests.ShortLivedTokens>
{
    private readonly SwitchboardServer server = fixture.Server;

    [Fact]
    public async Task Validator_given_the_v1_discovery_url_accepts_an_ACS_token()
    {
        var token = await TokenAsync(ManageCalls + " " + ManageChats);
        var result = await ValidateAsync(token, $"{server.Origin}/{FabrikamTenant}/.well-known/openid-configuration", AcsAudience);
        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.Equal($"{server.Origin}/{FabrikamTenant}/", result.Issuer);
    }

    [Fact]
    public async Task Validator_given_the_v2_discovery_url_accepts_a_v2_api_token()
    {
        var token = await TokenAsync(ContosoServerScope);
        var result = await ValidateAsync(token, $"{server.Origin}/{FabrikamTenant}/v2.0/.well-known/openid-configuration", ContosoServer);
        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.Equal("2.0", ((JsonWebToken)result.SecurityToken).GetPayloadValue<string>("ver"));
    }

    [Fact]
    public async Task Validator_rejects_a_tampered_token()
    {
        var token = await TokenAsync(ManageCalls + " " + ManageChats);
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace(UserId("18"), UserId("01"), StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var result = await ValidateAsync(tampered, $"{server.Origin}/{FabrikamTenant}/.well-known/openid-configuration", AcsAudience);
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task Validator_rejects_an_expired_token()
    {
        var token = await TokenAsync(ManageCalls + " " + ManageChats);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var result = await ValidateAsync(token, $"{server.Origin}/{FabrikamTenant}/.well-known/openid-configuration", AcsAudience);
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    public async Task Validator_rejects_a_token_for_another_audience()
    {
        var token = await TokenAsync(ManageCalls + " " + ManageChats);
        var result = await ValidateAsync(token, $"{server.Origin}/{FabrikamTenant}/.well-known/openid-configuration", "https://graph.microsoft.com");
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task Validator_rejects_a_token_from_another_tenant()
    {
        var token = await TokenAsync(ManageCalls + " " + ManageChats);
        var result = await ValidateAsync(token, $"{server.Origin}/{ContosoTenant}/.well-known/openid-configuration", AcsAudience);
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidIssuerException>(result.Exception);
    }

    [Fact]
    public async Task Tokens_carry_kid_and_x5t_of_a_published_key()
    {
        var token = new JsonWebToken(await TokenAsync(ManageCalls + " " + ManageChats));
        using var http = server.CreateClient();
        var keys = new JsonWebKeySet(await http.GetStringAsync($"{FabrikamTenant}/discovery/keys"));

        var key = Assert.Single(keys.Keys, k => k.Kid == token.Kid);
        Assert.Equal(token.X5t, key.X5t);
        Assert.Equal("RS256", token.Alg);
        Assert.NotEmpty(key.X5c);
    }

    [Fact]
    public async Task Unknown_tenant_discovery_is_invalid_tenant_90002()
    {
        using var http = server.CreateClient();
        var response = await http.GetAsync("nowhere.test/v2.0/.well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("AADSTS90002", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Common_metadata_carries_the_tenantid_template_issuer()
    {
        using var http = server.CreateClient();
        var document = OpenIdConnectConfiguration.Create(await http.GetStringAsync("common/v2.0/.well-known/openid-configuration"));
        Assert.Equal($"{server.Origin}/{{tenantid}}/v2.0", document.Issuer);
        Assert.Equal($"{server.Origin}/common/oauth2/v2.0/token", document.TokenEndpoint);
    }

    private async Task<string> TokenAsync(string scope)
    {
        using var http = server.CreateClient();
        var reply = await OAuthClient.PasswordAsync(http, "jwt@fabrikam.test", "Fabrikam!Jwt1", scope);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.ToString());
        return reply["access_token"]!;
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, string discoveryUrl, string audience)
    {
        var manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            discoveryUrl, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(server.CreateClient()));
        var configuration = await manager.GetConfigurationAsync(CancellationToken.None);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ClockSkew = TimeSpan.Zero,
        });
    }

    public sealed class ShortLivedTokens : IAsyncLifetime
    {
        public SwitchboardServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await SwitchboardServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Login:AccessTokenLifetimeMin"] = "00:00:02",
            ["Login:AccessTokenLifetimeMax"] = "00:00:02",
        });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}

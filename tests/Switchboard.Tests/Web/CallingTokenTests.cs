using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Switchboard.Tests.Calling;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Web;

/// <summary>
/// <c>POST /web/calling-token</c>: Switchboard's own web app exchanges its user's Teams-scoped Entra token
/// for an ACS token, with the public exchange's rules, and only for its own tokens.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CallingTokenTests(SharedServer shared)
{
    private const string TeamsScopes = TestDirectory.ManageCalls + " " + TestDirectory.ManageChats;

    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task Web_app_token_of_a_Teams_user_becomes_an_ACS_token_that_opens_a_call_agent()
    {
        var entra = await WebAppTokens.SignInAsync(Server, "webby@fabrikam.test", "Fabrikam!Webby1", TeamsScopes + " openid profile offline_access");

        var (status, body) = await PostAsync(entra);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var token = body.GetProperty("token").GetString()!;
        var expiresOn = DateTimeOffset.Parse(body.GetProperty("expiresOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var acs = new JsonWebToken(token);
        var oid = new JsonWebToken(entra).GetPayloadValue<string>("oid");
        Assert.Equal("orgid:" + oid, acs.GetPayloadValue<string>("skypeid"));
        Assert.Equal(WebAppTokens.WebApp, acs.GetPayloadValue<string>("appid"));
        Assert.Equal(new JsonWebToken(entra).ValidTo, expiresOn.UtcDateTime);

        await using var agent = await TestAgent.ConnectAsync(Server, token);
        Assert.Equal("8:orgid:" + oid, agent.RawId);
    }

    [Fact]
    public async Task User_without_Teams_gets_the_exchanges_403()
    {
        var entra = await WebAppTokens.SignInAsync(Server, "nestor@fabrikam.test", "Fabrikam!Nestor1", TeamsScopes);

        var (status, body) = await PostAsync(entra);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("TeamsLicenseRequired", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Contoso_Calls_token_is_refused_here_it_must_use_the_public_exchange()
    {
        using var http = Server.CreateClient();
        var contoso = await OAuthClient.PasswordAsync(http, "exchange@fabrikam.test", "Fabrikam!Exchange1", TeamsScopes);
        Assert.True(contoso.Status == HttpStatusCode.OK, contoso.Body.ToString());

        var (status, body) = await PostAsync(contoso["access_token"]);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("ApplicationNotAllowed", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task No_token_is_401_in_the_ACS_envelope()
    {
        var (status, body) = await PostAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAccessToken", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("TokenRequired", body.GetProperty("error").GetProperty("innererror").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Expired_or_garbage_token_is_401()
    {
        var entra = await WebAppTokens.SignInAsync(Server, "webby@fabrikam.test", "Fabrikam!Webby1", TeamsScopes);
        var expired = await TokenMint.ShiftAsync(Server, entra, TimeSpan.FromHours(-2));

        var (status, body) = await PostAsync(expired);
        var (garbageStatus, garbage) = await PostAsync("not.a.token");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("TokenExpired", body.GetProperty("error").GetProperty("innererror").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, garbageStatus);
        Assert.Equal("InvalidAccessToken", garbage.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Graph_token_of_the_web_app_is_refused_for_its_audience()
    {
        var graph = await WebAppTokens.SignInAsync(Server, "webby@fabrikam.test", "Fabrikam!Webby1", "https://graph.microsoft.com/Chat.ReadWrite");

        var (status, body) = await PostAsync(graph);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAudience", body.GetProperty("error").GetProperty("innererror").GetProperty("code").GetString());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string? token)
    {
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Server.Origin + "/web/calling-token");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}

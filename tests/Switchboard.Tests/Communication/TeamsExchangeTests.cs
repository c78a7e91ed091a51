using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Directory;
using Switchboard.Login.Tokens;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Communication;

/// <summary>
/// <c>POST /teamsUser/:exchangeAccessToken</c>: every row of the spec's error table and the checks
/// the spec leaves open, each answered in the ACS envelope with the check named.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TeamsExchangeTests(SharedServer shared) : IDisposable
{
    private const string Teams = ManageCalls + " " + ManageChats;
    private readonly AcsClient acs = new(shared.Server, AcsClient.Key("contoso-acs"));

    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task Exchange_returns_an_ACS_token_for_the_Teams_user_that_expires_with_the_Entra_token()
    {
        var entra = await EntraTokenAsync("exchange@fabrikam.test", "Fabrikam!Exchange1");
        var reply = await acs.ExchangeAsync(Body(entra, ContosoCalls, UserId("23")));

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.ToString());
        var token = new JsonWebToken(reply.Body.GetProperty("token").GetString());
        Assert.Equal("orgid:" + UserId("23"), token.GetPayloadValue<string>("skypeid"));
        Assert.Equal(FabrikamTenant, token.GetPayloadValue<string>("tid"));
        Assert.Equal(new JsonWebToken(entra).GetPayloadValue<long>("exp"), token.GetPayloadValue<long>("exp"));
        var expiresOn = DateTimeOffset.Parse(reply.Body.GetProperty("expiresOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(token.GetPayloadValue<long>("exp"), expiresOn.ToUnixTimeSeconds());
    }

    public static TheoryData<string, HttpStatusCode, string, string, string?> FieldRows => new()
    {
        // body, status, code, message, target
        { "{\"token\":\"\",\"appId\":\"c0de0001-0000-4000-8000-000000000001\",\"userId\":\"22222222-0000-4000-8000-000000000023\"}", HttpStatusCode.Unauthorized, "InvalidAccessToken", "Provided access token is not valid.", null },
        { "{\"token\":\"x\",\"appId\":\"\",\"userId\":\"22222222-0000-4000-8000-000000000023\"}", HttpStatusCode.BadRequest, "ValidationError", "AppId: The AppId field is required.", "AppId" },
        { "{\"token\":\"x\",\"appId\":\"c0de0001-0000-4000-8000-000000000001\",\"userId\":\"\"}", HttpStatusCode.BadRequest, "ValidationError", "UserId: The UserId field is required.", "UserId" },
        { "{\"token\":\"x\",\"appId\":\"not-a-guid\",\"userId\":\"22222222-0000-4000-8000-000000000023\"}", HttpStatusCode.BadRequest, "ValidationError", "Provided AppId has invalid format.", "appId" },
        { "{\"token\":\"x\",\"appId\":\"c0de0001-0000-4000-8000-000000000001\",\"userId\":\"nope\"}", HttpStatusCode.BadRequest, "ValidationError", "Provided UserId has invalid format.", "userId" },
        { "{\"token\":\"garbage\",\"appId\":\"c0de0001-0000-4000-8000-000000000001\",\"userId\":\"22222222-0000-4000-8000-000000000023\"}", HttpStatusCode.Unauthorized, "InvalidAccessToken", "Provided access token is not valid.", null },
    };

    [Theory]
    [MemberData(nameof(FieldRows))]
    public async Task Request_field_rows_match_the_service(string body, HttpStatusCode status, string code, string message, string? target)
    {
        var reply = await acs.ExchangeAsync(body);
        Assert.Equal(status, reply.Status);
        Assert.Equal(code, reply.Code);
        Assert.Equal(message, reply.Message);
        Assert.Equal(target, reply.Target);
    }

    [Fact]
    public async Task App_and_user_must_be_those_of_the_token()
    {
        var entra = await EntraTokenAsync("exchange@fabrikam.test", "Fabrikam!Exchange1");
        var wrongApp = await acs.ExchangeAsync(Body(entra, ContosoServer, UserId("23")));
        Assert.Equal((HttpStatusCode.BadRequest, "ValidationError", "AAD application is not the expected one.", "appId"), (wrongApp.Status, wrongApp.Code!, wrongApp.Message!, wrongApp.Target));

        var wrongUser = await acs.ExchangeAsync(Body(entra, ContosoCalls, UserId("01")));
        Assert.Equal((HttpStatusCode.BadRequest, "ValidationError", "Provided AAD token issued for unexpected user.", "userId"), (wrongUser.Status, wrongUser.Code!, wrongUser.Message!, wrongUser.Target));

        // The classic mistake from the field: the tenant id passed as the user id.
        var tenantAsUser = await acs.ExchangeAsync(Body(entra, ContosoCalls, FabrikamTenant));
        Assert.Equal("Provided AAD token issued for unexpected user.", tenantAsUser.Message);
    }

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_invalid()
    {
        var real = new JsonWebToken(await EntraTokenAsync("exchange@fabrikam.test", "Fabrikam!Exchange1"));
        using var rsa = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(real.EncodedPayload.Length > 0 ? Base64UrlEncoder.Decode(real.EncodedPayload) : "{}",
            new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = real.Kid }, SecurityAlgorithms.RsaSha256));
        await AssertInvalidTokenAsync(forged, UserId("23"), "InvalidSignature");
    }

    [Fact]
    public async Task A_token_with_alg_none_is_invalid()
    {
        var real = new JsonWebToken(await EntraTokenAsync("exchange@fabrikam.test", "Fabrikam!Exchange1"));
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        await AssertInvalidTokenAsync($"{header}.{real.EncodedPayload}.", UserId("23"), "InvalidSignature");
    }

    [Fact]
    public async Task A_Graph_token_instead_of_an_ACS_one_is_invalid()
    {
        var graph = await EntraTokenAsync("refresh@fabrikam.test", "Fabrikam!Refresh1", "User.Read");
        await AssertInvalidTokenAsync(graph, UserId("13"), "InvalidAudience");
    }

    [Fact]
    public async Task A_token_with_only_one_Teams_scope_is_invalid()
    {
        var token = await EntraTokenAsync("onescope@fabrikam.test", "Fabrikam!OneScope1", ManageCalls);
        Assert.Equal("Teams.ManageCalls", new JsonWebToken(token).GetPayloadValue<string>("scp"));
        await AssertInvalidTokenAsync(token, UserId("21"), "MissingTeamsScopes");
    }

    [Fact]
    public async Task An_id_token_is_not_an_access_token()
    {
        using var http = Server.CreateClient();
        var reply = await OAuthClient.PasswordAsync(http, "exchange@fabrikam.test", "Fabrikam!Exchange1", Teams + " openid");
        await AssertInvalidTokenAsync(reply["id_token"]!, UserId("23"), "NotADelegatedAccessToken");
    }

    [Fact]
    public async Task An_expired_token_is_invalid()
    {
        var token = await MintAsync("exchange@fabrikam.test", ContosoCalls, lifetimeShift: TimeSpan.FromHours(-3));
        await AssertInvalidTokenAsync(token, UserId("23"), "TokenExpired");
    }

    [Fact]
    public async Task A_user_without_Teams_is_refused()
    {
        var token = await EntraTokenAsync("nestor@fabrikam.test", "Fabrikam!Nestor1");
        var reply = await acs.ExchangeAsync(Body(token, ContosoCalls, UserId("03")));
        Assert.Equal((HttpStatusCode.Forbidden, "TeamsLicenseRequired"), (reply.Status, reply.Code!));
    }

    [Fact]
    public async Task A_user_disabled_after_sign_in_is_refused()
    {
        var token = await EntraTokenAsync("disableme@fabrikam.test", "Fabrikam!DisableMe1");
        using (var scope = Server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
            await db.Users.Where(u => u.UserPrincipalName == "disableme@fabrikam.test").ExecuteUpdateAsync(s => s.SetProperty(u => u.AccountEnabled, false));
        }

        var reply = await acs.ExchangeAsync(Body(token, ContosoCalls, UserId("22")));
        Assert.Equal((HttpStatusCode.Forbidden, "UserDisabled"), (reply.Status, reply.Code!));
    }

    [Fact]
    public async Task A_personal_account_is_refused()
    {
        // The sign-in service never issues this token (AADSTS70011); it is signed with its real key to show the exchange checks on its own.
        var token = await MintAsync("pat@outlook.test", ContosoEveryone);
        var reply = await acs.ExchangeAsync(Body(token, ContosoEveryone, "99999999-0000-4000-8000-000000000001"));
        Assert.Equal((HttpStatusCode.Forbidden, "PersonalAccountNotSupported"), (reply.Status, reply.Code!));
    }

    [Fact]
    public async Task An_app_not_consented_in_the_users_tenant_is_refused()
    {
        // Pradeep never consented to Contoso Calls: a token minted anyway (real key) must still be refused.
        var token = await MintAsync("pradeep@fabrikam.test", ContosoCalls);
        var reply = await acs.ExchangeAsync(Body(token, ContosoCalls, UserId("07")));
        Assert.Equal((HttpStatusCode.Forbidden, "ConsentRequired"), (reply.Status, reply.Code!));
    }

    [Fact]
    public async Task Exchange_needs_api_version_2022_06_01_or_later()
    {
        var reply = await acs.ExchangeAsync(Body("x", ContosoCalls, UserId("23")), "2021-03-07");
        Assert.Equal((HttpStatusCode.BadRequest, "UnsupportedApiVersion"), (reply.Status, reply.Code!));
    }

    public void Dispose() => acs.Dispose();

    private async Task AssertInvalidTokenAsync(string token, string userId, string check)
    {
        var reply = await acs.ExchangeAsync(Body(token, ContosoCalls, userId));
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("InvalidAccessToken", reply.Code);
        Assert.Equal("Provided access token is not valid.", reply.Message);
        Assert.Equal(check, reply.InnerCode);
    }

    private static string Body(string token, string appId, string userId)
        => JsonSerializer.Serialize(new { token, appId, userId });

    private async Task<string> EntraTokenAsync(string user, string password, string scope = Teams)
    {
        using var http = Server.CreateClient();
        var reply = await OAuthClient.PasswordAsync(http, user, password, scope);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.ToString());
        return reply["access_token"]!;
    }

    /// <summary>A Teams-scoped ACS-audience token signed with the sign-in service's real key, bypassing its consent rules.</summary>
    private async Task<string> MintAsync(string upn, string clientId, TimeSpan lifetimeShift = default)
    {
        var token = await TokenMint.UserTokenAsync(Server, upn, clientId, AcsAudience, ["Teams.ManageCalls", "Teams.ManageChats"]);
        return lifetimeShift == default ? token : await TokenMint.ShiftAsync(Server, token, lifetimeShift);
    }
}

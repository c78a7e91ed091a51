using System.Net;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Login;

/// <summary>The token endpoint's error catalog: each bad request gets Entra's code, error value, status and shape.</summary>
[Collection(ServerCollection.Name)]
public sealed class TokenEndpointErrorTests(SharedServer shared)
{
    private const string Teams = ManageCalls + " " + ManageChats;

    public static TheoryData<string, string, string, string, int, HttpStatusCode> Cases => new()
    {
        // name, tenant, form (k=v&k=v), error, AADSTS, status
        { "missing grant_type", "organizations", $"client_id={ContosoCalls}", "invalid_request", 900144, HttpStatusCode.BadRequest },
        { "unsupported grant", "organizations", $"grant_type=magic&client_id={ContosoCalls}", "unsupported_grant_type", 70003, HttpStatusCode.BadRequest },
        { "missing client_id", "organizations", "grant_type=password&username=a&password=b&scope=openid", "invalid_request", 900144, HttpStatusCode.BadRequest },
        { "unknown client", "organizations", $"grant_type=password&client_id=0badc0de-0000-4000-8000-000000000000&username=ropc@fabrikam.test&password=x&scope={Teams}", "unauthorized_client", 700016, HttpStatusCode.BadRequest },
        { "unknown tenant", "nowhere.test", $"grant_type=password&client_id={ContosoCalls}", "invalid_tenant", 90002, HttpStatusCode.BadRequest },
        { "wrong password", "organizations", $"grant_type=password&client_id={ContosoCalls}&username=errors@fabrikam.test&password=nope&scope={Teams}", "invalid_grant", 50126, HttpStatusCode.BadRequest },
        { "unknown user", "organizations", $"grant_type=password&client_id={ContosoCalls}&username=ghost@fabrikam.test&password=nope&scope={Teams}", "invalid_grant", 50034, HttpStatusCode.BadRequest },
        { "disabled user", "organizations", $"grant_type=password&client_id={ContosoCalls}&username=dora@fabrikam.test&password=Fabrikam!Dora1&scope={Teams}", "invalid_grant", 50057, HttpStatusCode.BadRequest },
        { "password grant on common", "common", $"grant_type=password&client_id={ContosoCalls}&username=errors@fabrikam.test&password=Fabrikam!Errors1&scope={Teams}", "invalid_request", 9001023, HttpStatusCode.BadRequest },
        { "unknown permission", "organizations", $"grant_type=password&client_id={ContosoCalls}&username=errors@fabrikam.test&password=Fabrikam!Errors1&scope=https://auth.msft.communication.azure.com/Teams.Everything", "invalid_scope", 70011, HttpStatusCode.BadRequest },
        { "unknown resource", "organizations", $"grant_type=password&client_id={ContosoCalls}&username=errors@fabrikam.test&password=Fabrikam!Errors1&scope=https://nothing.example/.default", "invalid_resource", 500011, HttpStatusCode.BadRequest },
        { "two resources in one token request", "organizations", $"grant_type=password&client_id={ContosoCalls}&username=errors@fabrikam.test&password=Fabrikam!Errors1&scope={Teams} User.Read", "invalid_scope", 28000, HttpStatusCode.BadRequest },
        { "empty scope", "organizations", $"grant_type=password&client_id={ContosoCalls}&username=errors@fabrikam.test&password=Fabrikam!Errors1&scope=", "invalid_scope", 28003, HttpStatusCode.BadRequest },
        { "single-tenant app on organizations", "organizations", $"grant_type=password&client_id={FabrikamInternal}&username=errors@fabrikam.test&password=Fabrikam!Errors1&scope=User.Read", "invalid_request", 50194, HttpStatusCode.BadRequest },
        { "single-tenant app in another tenant", ContosoTenant, $"grant_type=password&client_id={FabrikamInternal}&username=admin@contoso.test&password=Contoso!Admin1&scope=User.Read", "unauthorized_client", 700016, HttpStatusCode.BadRequest },
        { "user of another tenant", NorthwindTenant, $"grant_type=password&client_id={ContosoCalls}&username=errors@fabrikam.test&password=Fabrikam!Errors1&scope={Teams}", "invalid_request", 50020, HttpStatusCode.BadRequest },
        { "personal account on a work app", "organizations", $"grant_type=password&client_id={ContosoCalls}&username=pat@outlook.test&password=Personal!Pat1&scope={Teams}", "invalid_request", 500200, HttpStatusCode.BadRequest },
        { "bad client secret", ContosoTenant, $"grant_type=client_credentials&client_id={ContosoDaemon}&client_secret=wrong-secret-value-123&scope=https://graph.microsoft.com/.default", "invalid_client", 7000215, HttpStatusCode.Unauthorized },
        { "confidential client without a credential", ContosoTenant, $"grant_type=client_credentials&client_id={ContosoDaemon}&scope=https://graph.microsoft.com/.default", "invalid_client", 7000218, HttpStatusCode.Unauthorized },
        { "client assertion", ContosoTenant, $"grant_type=client_credentials&client_id={ContosoDaemon}&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion=eyJ0&scope=https://graph.microsoft.com/.default", "invalid_client", 700027, HttpStatusCode.Unauthorized },
        { "client credentials on organizations", "organizations", $"grant_type=client_credentials&client_id={ContosoServer}&client_secret={ContosoServerSecret}&scope=https://graph.microsoft.com/.default", "invalid_request", 9001023, HttpStatusCode.BadRequest },
        { "client credentials without .default", ContosoTenant, $"grant_type=client_credentials&client_id={ContosoDaemon}&client_secret={ContosoDaemonSecret}&scope=https://graph.microsoft.com/User.Read.All", "invalid_scope", 1002012, HttpStatusCode.BadRequest },
        { "client credentials for the Teams permissions", ContosoTenant, $"grant_type=client_credentials&client_id={ContosoServer}&client_secret={ContosoServerSecret}&scope=https://auth.msft.communication.azure.com/.default", "invalid_grant", 501051, HttpStatusCode.BadRequest },
        { "client credentials where the app has no service principal", FabrikamTenant, $"grant_type=client_credentials&client_id={ContosoDaemon}&client_secret={ContosoDaemonSecret}&scope=https://graph.microsoft.com/.default", "unauthorized_client", 700016, HttpStatusCode.BadRequest },
        { "unknown refresh token", "organizations", $"grant_type=refresh_token&client_id={ContosoCalls}&refresh_token=1.not-a-token&scope={Teams}", "invalid_grant", 70000, HttpStatusCode.BadRequest },
        { "unknown code", "organizations", $"grant_type=authorization_code&client_id={ContosoCalls}&code=1.not-a-code&redirect_uri=http://localhost/redirect&code_verifier=x", "invalid_grant", 70000, HttpStatusCode.BadRequest },
        { "unknown device code", "organizations", $"grant_type=device_code&client_id={ContosoCalls}&device_code=DAQAB-nothing", "bad_verification_code", 70018, HttpStatusCode.BadRequest },
        { "on-behalf-of with a garbage assertion", FabrikamTenant, $"grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&requested_token_use=on_behalf_of&client_id={ContosoServer}&client_secret={ContosoServerSecret}&assertion=not.a.jwt&scope={Teams}", "invalid_grant", 50013, HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Token_endpoint_answers_Entra_error(string name, string tenant, string form, string error, int code, HttpStatusCode status)
    {
        using var http = shared.Server.CreateClient();
        var fields = form.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        var reply = await OAuthClient.PostTokenAsync(http, tenant, fields);

        Assert.True(reply.Status == status, $"{name}: {reply.Status} {reply.Body}");
        Assert.Equal(error, reply["error"]);
        Assert.Equal(code, reply.FirstErrorCode);
        Assert.StartsWith($"AADSTS{code}: ", reply["error_description"], StringComparison.Ordinal);
        Assert.Contains("\r\nTrace ID: ", reply["error_description"], StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", reply["timestamp"]);
        Assert.True(Guid.TryParse(reply["trace_id"], out _));
        Assert.True(Guid.TryParse(reply["correlation_id"], out _));
        Assert.Equal($"{shared.Server.Origin}/error?code={code}", reply["error_uri"]);
    }

    [Fact]
    public async Task Correlation_id_echoes_the_client_request_id()
    {
        using var http = shared.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "organizations/oauth2/v2.0/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = ContosoCalls }) };
        request.Headers.Add("client-request-id", "7c9b0e4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
        request.Headers.Add("return-client-request-id", "true");
        using var response = await http.SendAsync(request);

        Assert.Contains("\"correlation_id\":\"7c9b0e4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("7c9b0e4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", response.Headers.GetValues("client-request-id").Single());
    }

    [Fact]
    public async Task Non_form_body_is_a_malformed_request_not_a_server_error()
    {
        using var http = shared.Server.CreateClient();
        using var response = await http.PostAsync("organizations/oauth2/v2.0/token", new StringContent("{\"grant_type\":\"password\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("AADSTS9002313", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

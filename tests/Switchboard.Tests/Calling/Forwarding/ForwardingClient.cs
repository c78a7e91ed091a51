using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Calling.Forwarding;

/// <summary>The users this suite owns (Contoso Calls is consented for them in tests/seed/test-seed.json).</summary>
public sealed record TeamsUser(string Upn, string Password, string Id)
{
    public static readonly TeamsUser Cara = new("cara@fabrikam.test", "Fabrikam!Cara1", "22222222-0000-4000-8000-000000000051");
    public static readonly TeamsUser Cody = new("cody@fabrikam.test", "Fabrikam!Cody1", "22222222-0000-4000-8000-000000000052");
    public static readonly TeamsUser Cleo = new("cleo@fabrikam.test", "Fabrikam!Cleo1", "22222222-0000-4000-8000-000000000053");
    public static readonly TeamsUser Cyd = new("cyd@fabrikam.test", "Fabrikam!Cyd1", "22222222-0000-4000-8000-000000000054");

    public string RawId => "8:orgid:" + Id;
}

/// <summary>
/// Raw calls to <c>/calling/forwarding</c> with a real ACS token: for a Teams user, a password sign-in
/// to Contoso Calls and Contoso's server exchanging it; for an ACS user, the Identity API.
/// </summary>
public static class ForwardingClient
{
    public static async Task<string> TeamsTokenAsync(SwitchboardServer server, TeamsUser user)
    {
        using var http = server.CreateClient();
        var entra = await OAuthClient.PasswordAsync(http, user.Upn, user.Password, TestDirectory.ManageCalls + " " + TestDirectory.ManageChats);
        Assert.True(entra.Status == HttpStatusCode.OK, entra.Body.ToString());
        using var acs = new AcsClient(server, AcsClient.Key("contoso-acs"));
        var exchanged = await acs.ExchangeAsync(JsonSerializer.Serialize(new { token = entra["access_token"], appId = TestDirectory.ContosoCalls, userId = user.Id }));
        Assert.True(exchanged.Status == HttpStatusCode.OK, exchanged.Body.ToString());
        return exchanged.Body.GetProperty("token").GetString()!;
    }

    /// <summary>A new ACS identity and a token for it with these scopes.</summary>
    public static async Task<(string RawId, string Token)> AcsUserAsync(SwitchboardServer server, params string[] scopes)
    {
        using var acs = new AcsClient(server, AcsClient.Key("contoso-acs"));
        var reply = await acs.CreateAsync(JsonSerializer.Serialize(new { createTokenWithScopes = scopes }));
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body.ToString());
        return (reply.Body.GetProperty("identity").GetProperty("id").GetString()!, reply.Body.GetProperty("accessToken").GetProperty("token").GetString()!);
    }

    public static Task<(int Status, JsonElement Body)> GetAsync(SwitchboardServer server, string? token, string query = "")
        => SendAsync(server, HttpMethod.Get, token, null, query);

    public static Task<(int Status, JsonElement Body)> PutAsync(SwitchboardServer server, string? token, string body)
        => SendAsync(server, HttpMethod.Put, token, body);

    public static Task<(int Status, JsonElement Body)> PutAsync(SwitchboardServer server, string? token, object body)
        => SendAsync(server, HttpMethod.Put, token, JsonSerializer.Serialize(body));

    public static string Compact(JsonElement body) => JsonSerializer.Serialize(body);

    private static async Task<(int Status, JsonElement Body)> SendAsync(SwitchboardServer server, HttpMethod method, string? token, string? body, string query = "")
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(method, "calling/forwarding" + query);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone());
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Directory.Graph;

/// <summary>
/// The ARM-shaped key management of communication resources (<c>/admin/api/communication/resources</c>):
/// a Global Administrator of the owning tenant lists keys and regenerates one, and the old key stops
/// signing ACS requests at once; everyone else gets ARM's errors and no key.
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class CommunicationResourceKeyTests(AdminServer admin)
{
    private const string Resources = "/admin/api/communication/resources";

    [Fact]
    public async Task Global_Administrator_regenerates_the_primary_key_and_the_old_key_stops_working_at_once()
    {
        var token = await admin.PortalTokenAsync(Admins.ContosoAdmin, Admins.ContosoAdminPassword);
        using var list = await SendAsync(token, HttpMethod.Get, Resources);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var names = list.Body.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Contains("contoso-acs-rotation", names);
        Assert.DoesNotContain("fabrikam-acs", names);

        using var keys = await SendAsync(token, HttpMethod.Post, $"{Resources}/contoso-acs-rotation/listKeys");
        var oldKey = keys.Body.GetProperty("primaryKey").GetString()!;
        Assert.Equal($"endpoint={admin.Server.Origin}/;accesskey={oldKey}", keys.Body.GetProperty("primaryConnectionString").GetString());
        using (var before = new AcsClient(admin.Server, oldKey))
        {
            Assert.Equal(HttpStatusCode.Created, (await before.CreateAsync()).Status);
        }

        using var regenerated = await SendAsync(token, HttpMethod.Post, $"{Resources}/contoso-acs-rotation/regenerateKey", """{"keyType":"Primary"}""");
        Assert.Equal(HttpStatusCode.OK, regenerated.Status);
        var newKey = regenerated.Body.GetProperty("primaryKey").GetString()!;
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(keys.Body.GetProperty("secondaryKey").GetString(), regenerated.Body.GetProperty("secondaryKey").GetString());

        using (var stale = new AcsClient(admin.Server, oldKey))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await stale.CreateAsync()).Status);
        }

        using (var fresh = new AcsClient(admin.Server, newKey))
        {
            Assert.Equal(HttpStatusCode.Created, (await fresh.CreateAsync()).Status);
        }

        // The keys never reach the log.
        Assert.DoesNotContain(admin.Server.Logs.Lines, l => l.Contains(newKey, StringComparison.Ordinal) || l.Contains(oldKey, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("other tenant's administrator", "megan@fabrikam.test", "Fabrikam!Megan1", "/contoso-acs/listKeys", "{}", 404, "ResourceNotFound")]
    [InlineData("user without the role", "carlos@contoso.test", "Contoso!Carlos1", "/contoso-acs/listKeys", "{}", 403, "AuthorizationFailed")]
    [InlineData("bad key type", "admin@contoso.test", "Contoso!Admin1", "/contoso-acs/regenerateKey", """{"keyType":"Tertiary"}""", 400, "InvalidRequestContent")]
    [InlineData("no token", null, null, "/contoso-acs/listKeys", "{}", 401, "InvalidAuthenticationToken")]
    public async Task Refusal_has_ARMs_error_shape_and_no_key(string name, string? upn, string? password, string path, string body, int status, string code)
    {
        var token = upn is null ? null : await admin.PortalTokenAsync(upn, password!);
        using var reply = await SendAsync(token, HttpMethod.Post, Resources + path, body);
        Assert.True((int)reply.Status == status, $"{name}: {reply.Status} {reply.Body}");
        Assert.Equal(code, reply.Body.GetProperty("error").GetProperty("code").GetString());
        Assert.False(reply.Body.TryGetProperty("primaryKey", out _));
    }

    private async Task<Reply> SendAsync(string? token, HttpMethod method, string path, string? body = null)
    {
        using var http = admin.Server.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return new Reply(response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    private sealed record Reply(HttpStatusCode Status, JsonDocument Document) : IDisposable
    {
        public JsonElement Body => Document.RootElement;

        public void Dispose() => Document.Dispose();
    }
}

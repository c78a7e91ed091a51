using System.Net;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Communication;

/// <summary>
/// Entra bearer tokens for <c>https://communication.azure.com/.default</c>, authorised by role
/// assignments on a resource; an Owner regenerates keys and the old key stops working at once.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BearerAndKeyRegenerationTests(SharedServer shared)
{
    private const string RotationResource = "a0c50002-0000-4000-8000-000000000002";

    [Fact]
    public async Task An_app_with_a_role_assignment_calls_the_identity_API_with_its_Entra_token()
    {
        using var acs = new AcsClient(shared.Server, "");
        var token = await AppTokenAsync(ContosoServer, ContosoServerSecret);
        var reply = await acs.SendAsync(HttpMethod.Post, "/identities?api-version=2023-10-01", "{}", bearer: token);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.StartsWith("8:acs:a0c50001-0000-4000-8000-000000000001_", reply.Body.GetProperty("identity").GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        using var acs = new AcsClient(shared.Server, "");
        var graph = await AppTokenAsync(ContosoServer, ContosoServerSecret, "https://graph.microsoft.com/.default");
        var reply = await acs.SendAsync(HttpMethod.Post, "/identities?api-version=2023-10-01", "{}", bearer: graph);
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("InvalidAuthenticationToken", reply.Code);
    }

    [Fact]
    public async Task A_contributor_cannot_regenerate_keys()
    {
        using var acs = new AcsClient(shared.Server, "");
        var token = await AppTokenAsync(ContosoServer, ContosoServerSecret);
        var reply = await acs.SendAsync(HttpMethod.Post, "/communication/resources/a0c50001-0000-4000-8000-000000000001:regenerateKey?api-version=2023-10-01", "{\"keyType\":\"primary\"}", bearer: token);
        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
    }

    [Fact]
    public async Task Regenerating_a_key_invalidates_the_old_one_at_once()
    {
        var oldKey = AcsClient.Key("contoso-acs-rotation");
        using var before = new AcsClient(shared.Server, oldKey);
        Assert.Equal(HttpStatusCode.Created, (await before.CreateAsync()).Status);

        using var owner = new AcsClient(shared.Server, "");
        var token = await AppTokenAsync(ContosoDaemon, ContosoDaemonSecret);
        var regenerated = await owner.SendAsync(HttpMethod.Post, $"/communication/resources/{RotationResource}:regenerateKey?api-version=2023-10-01", "{\"keyType\":\"primary\"}", bearer: token,
            alter: r => r.Headers.Add("x-switchboard-resource", RotationResource));
        Assert.True(regenerated.Status == HttpStatusCode.OK, regenerated.Body.ToString());
        var newKey = regenerated.Body.GetProperty("primaryKey").GetString()!;
        Assert.NotEqual(oldKey, newKey);

        var refused = await before.CreateAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        using var after = new AcsClient(shared.Server, newKey);
        Assert.Equal(HttpStatusCode.Created, (await after.CreateAsync()).Status);
        using var secondary = new AcsClient(shared.Server, AcsClient.Key("contoso-acs-rotation", secondary: true));
        Assert.Equal(HttpStatusCode.Created, (await secondary.CreateAsync()).Status);
    }

    private async Task<string> AppTokenAsync(string client, string secret, string scope = "https://communication.azure.com//.default")
    {
        using var http = shared.Server.CreateClient();
        var reply = await OAuthClient.PostTokenAsync(http, ContosoTenant, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client, ["client_secret"] = secret, ["scope"] = scope,
        });
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.ToString());
        return reply["access_token"]!;
    }
}

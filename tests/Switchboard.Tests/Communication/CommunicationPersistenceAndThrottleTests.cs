using System.Net;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Communication;

public sealed class CommunicationPersistenceAndThrottleTests
{
    [Fact]
    public async Task Identities_and_revocations_survive_a_restart()
    {
        var data = SwitchboardServer.NewDataDirectory();
        string id, revoked, kept;
        await using (var first = await SwitchboardServer.StartAsync(data))
        {
            using var acs = new AcsClient(first, AcsClient.Key("contoso-acs"));
            var created = await acs.CreateAsync("{\"createTokenWithScopes\":[\"chat\"]}");
            id = created.Body.GetProperty("identity").GetProperty("id").GetString()!;
            revoked = created.Body.GetProperty("accessToken").GetProperty("token").GetString()!;
            await acs.SendAsync(HttpMethod.Post, $"/identities/{Uri.EscapeDataString(id)}/:revokeAccessTokens?api-version={AcsClient.Version}");
            kept = (await acs.IssueAsync(id, "{\"scopes\":[\"chat\"]}")).Body.GetProperty("token").GetString()!;
        }

        await using var second = await SwitchboardServer.StartAsync(data);
        using var again = new AcsClient(second, AcsClient.Key("contoso-acs"));
        Assert.Equal(HttpStatusCode.OK, (await again.IssueAsync(id, "{\"scopes\":[\"voip\"]}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AcsClient.TokenInfoAsync(second, revoked)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AcsClient.TokenInfoAsync(second, kept)).StatusCode);
    }

    [Fact]
    public async Task Over_the_limit_a_resource_gets_429_with_Retry_After_and_the_ACS_body()
    {
        await using var server = await SwitchboardServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Communication:Throttling:CreateIdentity"] = "3",
            ["Communication:Throttling:Window"] = "00:01:00",
        });
        using var acs = new AcsClient(server, AcsClient.Key("contoso-acs"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await acs.CreateAsync()).Status);
        }

        var throttled = await acs.CreateAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal("TooManyRequests", throttled.Code);
        Assert.InRange(int.Parse(throttled.Response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);

        // Limits are per resource: another resource is unaffected.
        using var other = new AcsClient(server, AcsClient.Key("fabrikam-acs"));
        Assert.Equal(HttpStatusCode.Created, (await other.CreateAsync()).Status);
    }
}

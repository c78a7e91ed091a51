using System.Net;
using System.Security.Cryptography;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Communication;

/// <summary>HMAC-SHA256 request signing: every part of the signature matters, and both keys work.</summary>
[Collection(ServerCollection.Name)]
public sealed class HmacAuthenticationTests(SharedServer shared)
{
    private const string Create = "/identities?api-version=2023-10-01";

    [Fact]
    public async Task Primary_and_secondary_keys_both_authenticate()
    {
        using var primary = new AcsClient(shared.Server, AcsClient.Key("contoso-acs"));
        using var secondary = new AcsClient(shared.Server, AcsClient.Key("contoso-acs", secondary: true));
        Assert.Equal(HttpStatusCode.Created, (await primary.SendAsync(HttpMethod.Post, Create, "{}")).Status);
        Assert.Equal(HttpStatusCode.Created, (await secondary.SendAsync(HttpMethod.Post, Create, "{}")).Status);
    }

    [Fact]
    public async Task A_wrong_key_is_denied()
    {
        using var wrong = new AcsClient(shared.Server, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        var reply = await wrong.SendAsync(HttpMethod.Post, Create, "{}");
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("Denied", reply.Code);
        Assert.Equal("The HMAC-SHA256 signature does not match an access key of any communication resource.", reply.Message);
    }

    [Fact]
    public async Task A_tampered_body_is_denied_with_the_service_message()
    {
        using var acs = new AcsClient(shared.Server, AcsClient.Key("contoso-acs"));
        var reply = await acs.SendAsync(HttpMethod.Post, Create, "{}", sentBody: "{\"createTokenWithScopes\":[\"chat\"]}");
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("Denied", reply.Code);
        Assert.Equal("Request 'x-ms-content-sha256' differs from generated content hash.", reply.Message);
    }

    [Fact]
    public async Task A_changed_path_is_denied()
    {
        using var acs = new AcsClient(shared.Server, AcsClient.Key("contoso-acs"));
        var reply = await acs.SendAsync(HttpMethod.Post, Create, "{}", signedPathAndQuery: "/identities?api-version=2022-10-01");
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("Denied", reply.Code);
    }

    [Theory]
    [InlineData(-20)]
    [InlineData(20)]
    public async Task A_date_outside_the_window_is_denied(int minutes)
    {
        using var acs = new AcsClient(shared.Server, AcsClient.Key("contoso-acs")) { Clock = () => DateTimeOffset.UtcNow.AddMinutes(minutes) };
        var reply = await acs.SendAsync(HttpMethod.Post, Create, "{}");
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("Request 'x-ms-date' is missing or more than 15 minutes away from the server's time.", reply.Message);
    }

    [Fact]
    public async Task A_request_without_authorization_is_denied()
    {
        using var acs = new AcsClient(shared.Server, AcsClient.Key("contoso-acs"));
        var reply = await acs.SendAsync(HttpMethod.Post, Create, "{}", alter: r => r.Headers.Authorization = null);
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("Denied", reply.Code);
    }

    [Fact]
    public async Task The_percent_encoded_target_is_what_is_signed_and_the_decoded_one_is_accepted_too()
    {
        using var acs = new AcsClient(shared.Server, AcsClient.Key("contoso-acs"));
        var id = (await acs.CreateAsync()).Body.GetProperty("identity").GetProperty("id").GetString()!;
        var encoded = $"/identities/{Uri.EscapeDataString(id)}/:issueAccessToken?api-version=2023-10-01";
        Assert.Equal(HttpStatusCode.OK, (await acs.SendAsync(HttpMethod.Post, encoded, "{\"scopes\":[\"chat\"]}")).Status);
        var decoded = $"/identities/{id}/:issueAccessToken?api-version=2023-10-01";
        Assert.Equal(HttpStatusCode.OK, (await acs.SendAsync(HttpMethod.Post, encoded, "{\"scopes\":[\"chat\"]}", signedPathAndQuery: decoded)).Status);
    }
}

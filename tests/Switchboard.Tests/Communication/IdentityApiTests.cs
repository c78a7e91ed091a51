using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Communication;

/// <summary>The Identity REST API's statuses, bodies and error rows (acs-identity.md §4.4, §5).</summary>
[Collection(ServerCollection.Name)]
public sealed class IdentityApiTests(SharedServer shared) : IDisposable
{
    private const string ResourceId = "a0c50001-0000-4000-8000-000000000001";
    private readonly AcsClient acs = new(shared.Server, AcsClient.Key("contoso-acs"));

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("{\"createTokenWithScopes\":null,\"expiresInMinutes\":null}")]
    public async Task Create_accepts_every_body_the_SDKs_send(string? body)
    {
        var reply = await acs.CreateAsync(body);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var id = reply.Body.GetProperty("identity").GetProperty("id").GetString()!;
        Assert.Matches($"^8:acs:{ResourceId}_[0-9a-f-]+$", id);
        Assert.False(reply.Body.TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task Create_with_scopes_returns_a_token_shaped_like_the_service()
    {
        var reply = await acs.CreateAsync("{\"createTokenWithScopes\":[\"chat\",\"voip\"],\"expiresInMinutes\":90}");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var token = new JsonWebToken(reply.Body.GetProperty("accessToken").GetProperty("token").GetString());
        var expiresOn = DateTimeOffset.Parse(reply.Body.GetProperty("accessToken").GetProperty("expiresOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expiresOn.ToUnixTimeSeconds(), token.GetPayloadValue<long>("exp"));
        Assert.InRange(expiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(89), TimeSpan.FromMinutes(91));
        Assert.Equal("chat,voip", token.GetPayloadValue<string>("acsScope"));
        Assert.Equal(token.GetPayloadValue<long>("iat").ToString(System.Globalization.CultureInfo.InvariantCulture), token.GetPayloadValue<string>("csi"));
        Assert.Equal(reply.Body.GetProperty("identity").GetProperty("id").GetString()![2..], token.GetPayloadValue<string>("skypeid"));
        Assert.Equal(ResourceId, token.GetPayloadValue<string>("resourceId"));
        Assert.Equal("RS256", token.Alg);
        Assert.NotNull(token.X5t);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$", reply.Body.GetProperty("accessToken").GetProperty("expiresOn").GetString());
    }

    [Fact]
    public async Task Custom_id_is_idempotent_in_the_preview_version()
    {
        const string preview = "2025-03-02-preview";
        var first = await acs.CreateAsync("{\"customId\":\"sally@contoso.com\"}", preview);
        var second = await acs.CreateAsync("{\"customId\":\"sally@contoso.com\"}", preview);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Body.GetProperty("identity").GetProperty("id").GetString(), second.Body.GetProperty("identity").GetProperty("id").GetString());
        Assert.Equal("sally@contoso.com", second.Body.GetProperty("identity").GetProperty("customId").GetString());

        var got = await acs.SendAsync(HttpMethod.Get, $"/identities/{Uri.EscapeDataString(first.Body.GetProperty("identity").GetProperty("id").GetString()!)}?api-version={preview}");
        Assert.Equal(HttpStatusCode.OK, got.Status);
        Assert.Equal("sally@contoso.com", got.Body.GetProperty("customId").GetString());
    }

    public static TheoryData<string, string?, HttpStatusCode, string, string, string?> ErrorRows => new()
    {
        // name, issue-token body (null: create body used instead), status, code, message, target
        { "expiry too short", "{\"scopes\":[\"chat\"],\"expiresInMinutes\":59}", HttpStatusCode.BadRequest, "ValidationError", "ExpiresInMinutes value 59 is invalid. Value must be within the [60, 1440] interval.", "ExpiresInMinutes" },
        { "expiry too long", "{\"scopes\":[\"chat\"],\"expiresInMinutes\":1441}", HttpStatusCode.BadRequest, "ValidationError", "ExpiresInMinutes value 1441 is invalid. Value must be within the [60, 1440] interval.", "ExpiresInMinutes" },
        { "scopes missing", "{}", HttpStatusCode.BadRequest, "ValidationError", "Scopes: The Scopes field is required.", "Scopes" },
        { "scopes null", "{\"scopes\":null}", HttpStatusCode.BadRequest, "ValidationError", "Scopes: The Scopes field is required.", "Scopes" },
        { "scopes empty", "{\"scopes\":[]}", HttpStatusCode.BadRequest, "ValidationError", "Scopes: At least one scope is required.", "Scopes" },
        { "unknown scope", "{\"scopes\":[\"everything\"]}", HttpStatusCode.BadRequest, "ValidationError", "Scope 'everything' is not valid for api-version 2023-10-01. Valid scopes: chat, voip, chat.join, chat.join.limited, voip.join.", "Scopes" },
        { "not json", "{scopes", HttpStatusCode.BadRequest, "InvalidRequestBody", "", null },
    };

    [Theory]
    [MemberData(nameof(ErrorRows))]
    public async Task Issue_token_errors_use_the_ACS_envelope(string name, string? body, HttpStatusCode status, string code, string message, string? target)
    {
        var id = (await acs.CreateAsync()).Body.GetProperty("identity").GetProperty("id").GetString()!;
        var reply = await acs.IssueAsync(id, body!);

        Assert.True(reply.Status == status, $"{name}: {reply.Status} {reply.Body}");
        Assert.Equal(code, reply.Code);
        if (message.Length > 0)
        {
            Assert.Equal(message, reply.Message);
        }

        Assert.Equal(target, reply.Target);
    }

    [Fact]
    public async Task Join_scopes_need_api_version_2023_10_01()
    {
        var id = (await acs.CreateAsync(version: "2022-10-01")).Body.GetProperty("identity").GetProperty("id").GetString()!;
        var old = await acs.IssueAsync(id, "{\"scopes\":[\"chat.join\"]}", "2022-10-01");
        Assert.Equal(HttpStatusCode.BadRequest, old.Status);
        Assert.Equal(HttpStatusCode.OK, (await acs.IssueAsync(id, "{\"scopes\":[\"chat.join\"]}", "2023-10-01")).Status);
    }

    [Fact]
    public async Task Unknown_and_missing_api_versions_are_refused()
    {
        var unknown = await acs.CreateAsync(version: "2019-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("UnsupportedApiVersion", unknown.Code);
        Assert.Equal($"The HTTP resource that matches the request URI '{shared.Server.Origin}/identities' does not support the API version '2019-01-01'.", unknown.Message);

        var missing = await acs.SendAsync(HttpMethod.Post, "/identities");
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("MissingApiVersionParameter", missing.Code);
    }

    [Fact]
    public async Task Revoke_and_delete_answer_204_and_unknown_identities_404()
    {
        var id = (await acs.CreateAsync()).Body.GetProperty("identity").GetProperty("id").GetString()!;
        var escaped = Uri.EscapeDataString(id);
        Assert.Equal(HttpStatusCode.NoContent, (await acs.SendAsync(HttpMethod.Post, $"/identities/{escaped}/:revokeAccessTokens?api-version={AcsClient.Version}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await acs.SendAsync(HttpMethod.Delete, $"/identities/{escaped}?api-version={AcsClient.Version}")).Status);

        var gone = await acs.IssueAsync(id, "{\"scopes\":[\"chat\"]}");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("IdentityNotFound", gone.Code);

        var malformed = await acs.IssueAsync("8:orgid:someone", "{\"scopes\":[\"chat\"]}");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
    }

    [Fact]
    public async Task A_resource_cannot_see_another_resources_identities()
    {
        var id = (await acs.CreateAsync()).Body.GetProperty("identity").GetProperty("id").GetString()!;
        using var other = new AcsClient(shared.Server, AcsClient.Key("fabrikam-acs"));
        var reply = await other.IssueAsync(id, "{\"scopes\":[\"chat\"]}");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, $"/identities/{Uri.EscapeDataString(id)}?api-version={AcsClient.Version}")).Status);
    }

    [Fact]
    public async Task Revoked_and_deleted_identities_tokens_are_refused_by_token_info()
    {
        var created = await acs.CreateAsync("{\"createTokenWithScopes\":[\"voip\"]}");
        var id = created.Body.GetProperty("identity").GetProperty("id").GetString()!;
        var old = created.Body.GetProperty("accessToken").GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await AcsClient.TokenInfoAsync(shared.Server, old)).StatusCode);

        await acs.SendAsync(HttpMethod.Post, $"/identities/{Uri.EscapeDataString(id)}/:revokeAccessTokens?api-version={AcsClient.Version}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await AcsClient.TokenInfoAsync(shared.Server, old)).StatusCode);
        var fresh = (await acs.IssueAsync(id, "{\"scopes\":[\"voip\"]}")).Body.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await AcsClient.TokenInfoAsync(shared.Server, fresh)).StatusCode);

        await acs.SendAsync(HttpMethod.Delete, $"/identities/{Uri.EscapeDataString(id)}?api-version={AcsClient.Version}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await AcsClient.TokenInfoAsync(shared.Server, fresh)).StatusCode);
    }

    public void Dispose() => acs.Dispose();
}

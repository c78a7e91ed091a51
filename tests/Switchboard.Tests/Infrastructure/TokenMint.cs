using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Directory;
using Switchboard.Login.Keys;
using Switchboard.Login.Tokens;

namespace Switchboard.Tests.Infrastructure;

/// <summary>
/// Tokens the sign-in service would never issue (expired, for a personal account), signed with its
/// real key, to show that a resource server checks on its own.
/// </summary>
public static class TokenMint
{
    public static async Task<string> UserTokenAsync(SwitchboardServer server, string upn, string clientId, string resource, IReadOnlyList<string> scopes)
    {
        using var scope = server.Services.CreateScope();
        var directory = scope.ServiceProvider.GetRequiredService<IDirectory>();
        var user = (await directory.FindUserAsync(upn, CancellationToken.None))!;
        var client = (await directory.FindApplicationAsync(Guid.Parse(clientId), CancellationToken.None))!;
        var app = (await directory.FindResourceAsync(resource, CancellationToken.None))!;
        var issuer = server.Services.GetRequiredService<TokenIssuer>();
        var token = await issuer.CreateUserAccessTokenAsync(
            new UserAccessTokenRequest(server.Origin, user, user.TenantId, client, app, resource, scopes, "0", DateTimeOffset.UtcNow, null),
            CancellationToken.None);
        return token.Token;
    }

    /// <summary>The same claims, re-signed with the server's key, with the lifetime moved by <paramref name="shift"/>.</summary>
    public static async Task<string> ShiftAsync(SwitchboardServer server, string token, TimeSpan shift)
    {
        var jwt = new JsonWebToken(token);
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64UrlEncoder.Decode(jwt.EncodedPayload))!;
        payload["exp"] = DateTimeOffset.UtcNow.Add(shift).ToUnixTimeSeconds();
        payload["nbf"] = payload["iat"] = DateTimeOffset.UtcNow.Add(shift).AddHours(-1).ToUnixTimeSeconds();
        var key = await server.Services.GetRequiredService<SigningKeyRing>().GetSigningKeyAsync(CancellationToken.None);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(JsonSerializer.Serialize(payload), key.Credentials);
    }
}

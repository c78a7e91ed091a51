using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Communication.Model;

namespace Switchboard.Communication.Tokens;

internal sealed record AcsToken(string Token, DateTimeOffset ExpiresOn)
{
    /// <summary>ISO 8601 with seven fractional digits and an offset, as the service writes it; equal to the JWT's <c>exp</c>.</summary>
    public string ExpiresOnText => ExpiresOn.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);
}

/// <summary>
/// Mints ACS access tokens shaped as the service's (acs-identity.md §7): numeric <c>exp</c>, string
/// <c>acsScope</c> and <c>csi</c>, <c>skypeid</c>, <c>resourceId</c>. <c>rev</c> is Switchboard's: the
/// identity's revocation generation, so a revoke is exact to the request, not to the second.
/// </summary>
internal sealed class AcsTokenIssuer(AcsKeyRing keys, TimeProvider time)
{
    /// <summary>The Skype permission mask the service puts in every ACS user token.</summary>
    private const int SkypePermissions = 1792;

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public Task<AcsToken> ForUserAsync(CommunicationResource resource, CommunicationUser user, IReadOnlyList<string> scopes, TimeSpan lifetime, int revocation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return SignAsync(new Dictionary<string, object>
        {
            ["skypeid"] = CommunicationIdentifier.SkypeIdForUser(resource.Id, user.LocalId),
            ["scp"] = SkypePermissions,
            ["acsScope"] = string.Join(',', scopes),
            ["resourceId"] = resource.Id.ToString(),
            ["resourceLocation"] = resource.DataLocation,
            ["rgn"] = "amer",
            ["rev"] = revocation,
        }, now, now + lifetime, cancellationToken);
    }

    /// <summary>A Teams user's token: <c>skypeid</c> <c>orgid:{oid}</c>, their tenant, and the Entra token's expiry.</summary>
    public Task<AcsToken> ForTeamsUserAsync(CommunicationResource resource, Guid objectId, Guid tenantId, Guid appId, DateTimeOffset expires, CancellationToken cancellationToken)
        => SignAsync(new Dictionary<string, object>
        {
            ["skypeid"] = CommunicationIdentifier.SkypeIdForTeamsUser(objectId),
            ["scp"] = SkypePermissions,
            ["acsScope"] = "chat,voip",
            ["resourceId"] = resource.Id.ToString(),
            ["resourceLocation"] = resource.DataLocation,
            ["rgn"] = "amer",
            ["tid"] = tenantId.ToString(),
            ["oid"] = objectId.ToString(),
            ["appid"] = appId.ToString(),
        }, time.GetUtcNow(), expires, cancellationToken);

    private async Task<AcsToken> SignAsync(Dictionary<string, object> claims, DateTimeOffset issued, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var key = await keys.GetSigningKeyAsync(cancellationToken);
        var iat = issued.ToUnixTimeSeconds();
        var exp = expires.ToUnixTimeSeconds();
        claims["csi"] = iat.ToString(CultureInfo.InvariantCulture);
        claims["iat"] = iat;
        claims["exp"] = exp;
        var token = Handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = key.CertificateCredentials, TokenType = "JWT" });
        return new AcsToken(token, DateTimeOffset.FromUnixTimeSeconds(exp));
    }
}

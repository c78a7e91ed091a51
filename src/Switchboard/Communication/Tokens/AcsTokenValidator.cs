using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Communication.Storage;

namespace Switchboard.Communication.Tokens;

/// <summary>Who an ACS access token speaks for, once validated.</summary>
internal sealed record AcsPrincipal(string RawId, Guid ResourceId, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresOn, Guid? TeamsTenantId, Guid? TeamsObjectId)
{
    public bool IsTeamsUser => TeamsObjectId is not null;
}

/// <summary>
/// Validates ACS access tokens for Switchboard's own services (chat, calling): signature against the
/// ACS key set, expiry, and for ACS users that the identity still exists and the token predates no revoke.
/// </summary>
internal interface IAcsTokenValidator
{
    Task<(AcsPrincipal? Principal, string? Failure)> ValidateAsync(string token, CancellationToken cancellationToken);
}

internal sealed class AcsTokenValidator(AcsKeyRing keys, IServiceScopeFactory scopes, TimeProvider time, IOptions<CommunicationOptions> options) : IAcsTokenValidator
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<(AcsPrincipal? Principal, string? Failure)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (!Handler.CanReadToken(token))
        {
            return (null, "not a JWT");
        }

        var skew = options.Value.ClockSkew;
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = (await keys.GetKeysAsync(cancellationToken)).Select(k => (SecurityKey)k.SecurityKey).ToList(),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            LifetimeValidator = (_, expires, _, _) => expires is not null && expires.Value + skew >= time.GetUtcNow().UtcDateTime,
        });
        if (!result.IsValid)
        {
            return (null, result.Exception is SecurityTokenInvalidLifetimeException ? "expired" : "signature or format");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        var skypeId = jwt.GetPayloadValue<string>("skypeid");
        var resourceId = Guid.Parse(jwt.GetPayloadValue<string>("resourceId"));
        var scopesClaim = jwt.GetPayloadValue<string>("acsScope").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var expiresOn = DateTimeOffset.FromUnixTimeSeconds(jwt.GetPayloadValue<long>("exp"));
        if (skypeId.StartsWith("orgid:", StringComparison.Ordinal))
        {
            var oid = Guid.Parse(skypeId["orgid:".Length..]);
            return (new AcsPrincipal("8:" + skypeId, resourceId, scopesClaim, expiresOn, Guid.Parse(jwt.GetPayloadValue<string>("tid")), oid), null);
        }

        var rawId = "8:" + skypeId;
        if (!CommunicationIdentifier.TryParseUser(rawId, out _, out var localId))
        {
            return (null, "unknown identity kind");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.ResourceId == resourceId && u.LocalId == localId, cancellationToken);
        if (user is null)
        {
            return (null, "the identity was deleted");
        }

        return jwt.TryGetPayloadValue<int>("rev", out var revocation) && revocation == user.Revocation
            ? (new AcsPrincipal(rawId, resourceId, scopesClaim, expiresOn, null, null), null)
            : (null, "the identity's tokens were revoked");
    }
}

using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Login.Keys;

namespace Switchboard.Login.Tokens;

/// <summary>
/// Validates access tokens issued by this sign-in service, in process: the Communication and Chat
/// services ask this instead of fetching metadata over HTTP. It checks signature, lifetime (with skew)
/// and issuer shape; audience and scopes are the caller's rules.
/// </summary>
internal interface IEntraTokenValidator
{
    Task<EntraTokenValidation> ValidateAsync(string token, CancellationToken cancellationToken);
}

internal sealed record EntraTokenValidation(JsonWebToken? Token, EntraTokenFailure Failure, string? Detail)
{
    public bool IsValid => Failure == EntraTokenFailure.None;
}

internal enum EntraTokenFailure
{
    None,

    /// <summary>Not a JWT, or its claims are not Entra's.</summary>
    Malformed,

    /// <summary>Not signed by a key of this service.</summary>
    Signature,

    Expired,

    NotYetValid,
}

internal sealed class EntraTokenValidator(SigningKeyRing keys, TimeProvider time, IOptions<LoginOptions> options) : IEntraTokenValidator
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<EntraTokenValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (!Handler.CanReadToken(token))
        {
            return new(null, EntraTokenFailure.Malformed, "The token is not a JWT.");
        }

        var published = await keys.GetKeysAsync(cancellationToken);
        var skew = options.Value.ClockSkew;
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = published.Select(k => (SecurityKey)k.SecurityKey).ToList(),
            ValidateAudience = false,
            ValidateIssuer = true,
            IssuerValidator = (issuer, securityToken, _) => IsEntraIssuer(issuer, (JsonWebToken)securityToken)
                ? issuer
                : throw new SecurityTokenInvalidIssuerException("The issuer does not belong to the token's tenant."),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                if (expires is null || expires.Value + skew < now)
                {
                    throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires ?? DateTime.MinValue };
                }

                if (notBefore is not null && notBefore.Value - skew > now)
                {
                    throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = notBefore.Value };
                }

                return true;
            },
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        };

        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (result.IsValid)
        {
            return new((JsonWebToken)result.SecurityToken, EntraTokenFailure.None, null);
        }

        return result.Exception switch
        {
            SecurityTokenExpiredException => new(null, EntraTokenFailure.Expired, "The token has expired."),
            SecurityTokenNotYetValidException => new(null, EntraTokenFailure.NotYetValid, "The token is not yet valid."),
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => new(null, EntraTokenFailure.Signature, "The token's signature is not valid."),
            _ => new(null, EntraTokenFailure.Malformed, "The token could not be validated."),
        };
    }

    private static bool IsEntraIssuer(string issuer, JsonWebToken token)
    {
        if (!token.TryGetPayloadValue<string>("tid", out var tid) || !Guid.TryParse(tid, out var tenant))
        {
            return false;
        }

        return issuer.EndsWith($"/{tenant}/", StringComparison.Ordinal) || issuer.EndsWith($"/{tenant}/v2.0", StringComparison.Ordinal);
    }
}

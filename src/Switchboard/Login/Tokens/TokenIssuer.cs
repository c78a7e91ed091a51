using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Keys;

namespace Switchboard.Login.Tokens;

/// <summary>An access token for a signed-in user, for one resource.</summary>
internal sealed record UserAccessTokenRequest(
    string Origin,
    DirectoryUser User,
    Guid TenantId,
    Application Client,
    Application Resource,
    string Audience,
    IReadOnlyCollection<string> Scopes,
    string ClientAuthentication,
    DateTimeOffset AuthTime,
    string? IpAddress);

/// <summary>An app-only access token (client credentials).</summary>
internal sealed record AppAccessTokenRequest(
    string Origin,
    Guid TenantId,
    Application Client,
    Guid ClientServicePrincipalId,
    Application Resource,
    string Audience,
    IReadOnlyCollection<string> Roles,
    string ClientAuthentication);

internal sealed record IssuedToken(string Token, int ExpiresIn, DateTimeOffset ExpiresAt);

/// <summary>
/// Mints Entra-shaped JWTs. The resource chooses the format (access-tokens.md): v1.0 for Microsoft's
/// resources and apps that don't ask for v2, v2.0 otherwise. RS256, <c>kid</c> (+ <c>x5t</c> on v1).
/// </summary>
internal sealed class TokenIssuer(SigningKeyRing keys, TimeProvider time, IOptions<LoginOptions> options)
{
    /// <summary>Entra's <c>appidacr</c>/<c>azpacr</c>: 0 public client, 1 secret, 2 certificate.</summary>
    public const string PublicClient = "0";
    public const string ClientSecret = "1";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<IssuedToken> CreateUserAccessTokenAsync(UserAccessTokenRequest request, CancellationToken cancellationToken)
    {
        var v2 = request.Resource.AccessTokenVersion == 2;
        var user = request.User;
        var claims = new Dictionary<string, object>
        {
            ["aud"] = v2 ? request.Resource.AppId.ToString() : request.Audience,
            ["iss"] = v2 ? Issuers.V2(request.Origin, request.TenantId) : Issuers.V1(request.Origin, request.TenantId),
            ["aio"] = Opaque(),
            ["name"] = user.DisplayName,
            ["oid"] = user.Id.ToString(),
            ["rh"] = Opaque(),
            ["scp"] = string.Join(' ', request.Scopes),
            ["sub"] = PairwiseSubject(user.Id, request.Client.AppId),
            ["tid"] = request.TenantId.ToString(),
            ["uti"] = Opaque(),
            ["ver"] = v2 ? "2.0" : "1.0",
        };
        if (v2)
        {
            claims["azp"] = request.Client.AppId.ToString();
            claims["azpacr"] = request.ClientAuthentication;
            claims["preferred_username"] = user.UserPrincipalName;
        }
        else
        {
            claims["acr"] = "1";
            claims["amr"] = new[] { "pwd" };
            claims["appid"] = request.Client.AppId.ToString();
            claims["appidacr"] = request.ClientAuthentication;
            claims["unique_name"] = user.UserPrincipalName;
            if (user.TenantId != FirstPartyApplications.ConsumersTenantId)
            {
                claims["upn"] = user.UserPrincipalName;
            }

            AddIfPresent(claims, "given_name", user.GivenName);
            AddIfPresent(claims, "family_name", user.Surname);
            AddIfPresent(claims, "ipaddr", request.IpAddress);
        }

        if (user.TenantId == FirstPartyApplications.ConsumersTenantId)
        {
            claims["idp"] = "live.com";
        }

        if (user.Roles.Count > 0)
        {
            claims["wids"] = user.Roles.Select(r => r.ToString()).ToArray();
        }

        return await SignAsync(claims, LifetimeOfAccessToken(), includeX5t: !v2, cancellationToken);
    }

    public async Task<IssuedToken> CreateAppAccessTokenAsync(AppAccessTokenRequest request, CancellationToken cancellationToken)
    {
        var v2 = request.Resource.AccessTokenVersion == 2;
        var issuer = v2 ? Issuers.V2(request.Origin, request.TenantId) : Issuers.V1(request.Origin, request.TenantId);
        var claims = new Dictionary<string, object>
        {
            ["aud"] = v2 ? request.Resource.AppId.ToString() : request.Audience,
            ["iss"] = issuer,
            ["aio"] = Opaque(),
            ["idp"] = issuer,
            ["idtyp"] = "app",
            ["oid"] = request.ClientServicePrincipalId.ToString(),
            ["rh"] = Opaque(),
            ["sub"] = request.ClientServicePrincipalId.ToString(),
            ["tid"] = request.TenantId.ToString(),
            ["uti"] = Opaque(),
            ["ver"] = v2 ? "2.0" : "1.0",
        };
        claims[v2 ? "azp" : "appid"] = request.Client.AppId.ToString();
        claims[v2 ? "azpacr" : "appidacr"] = request.ClientAuthentication;
        if (request.Roles.Count > 0)
        {
            claims["roles"] = request.Roles.ToArray();
        }

        return await SignAsync(claims, LifetimeOfAccessToken(), includeX5t: !v2, cancellationToken);
    }

    /// <summary>A v2.0 id token (id-token-claims-reference.md).</summary>
    public async Task<IssuedToken> CreateIdTokenAsync(string origin, DirectoryUser user, Guid tenantId, Application client, string? nonce, Guid? sessionId, CancellationToken cancellationToken)
    {
        var claims = new Dictionary<string, object>
        {
            ["aud"] = client.AppId.ToString(),
            ["iss"] = Issuers.V2(origin, tenantId),
            ["aio"] = Opaque(),
            ["name"] = user.DisplayName,
            ["oid"] = user.Id.ToString(),
            ["preferred_username"] = user.UserPrincipalName,
            ["rh"] = Opaque(),
            ["sub"] = PairwiseSubject(user.Id, client.AppId),
            ["tid"] = tenantId.ToString(),
            ["uti"] = Opaque(),
            ["ver"] = "2.0",
        };
        AddIfPresent(claims, "nonce", nonce);
        if (sessionId is { } sid)
        {
            claims["sid"] = sid.ToString();
        }

        if (user.TenantId == FirstPartyApplications.ConsumersTenantId)
        {
            claims["email"] = user.UserPrincipalName;
        }

        return await SignAsync(claims, options.Value.IdTokenLifetime, includeX5t: false, cancellationToken);
    }

    /// <summary>MSAL keys its cache on this: base64url of <c>{"uid":oid,"utid":tid}</c>.</summary>
    public static string ClientInfo(DirectoryUser user)
        => Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { uid = user.Id.ToString(), utid = user.TenantId.ToString() }));

    /// <summary>Stable per user and app, and different between apps, like Entra's pairwise <c>sub</c>.</summary>
    public static string PairwiseSubject(Guid userId, Guid appId)
        => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}:{appId:N}")));

    private async Task<IssuedToken> SignAsync(Dictionary<string, object> claims, TimeSpan lifetime, bool includeX5t, CancellationToken cancellationToken)
    {
        var key = await keys.GetSigningKeyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = includeX5t ? key.CertificateCredentials : key.Credentials,
            TokenType = "JWT",
        };

        return new IssuedToken(Handler.CreateToken(descriptor), (int)lifetime.TotalSeconds, expires);
    }

    private TimeSpan LifetimeOfAccessToken()
    {
        var settings = options.Value;
        var spread = (int)(settings.AccessTokenLifetimeMax - settings.AccessTokenLifetimeMin).TotalSeconds;
        return settings.AccessTokenLifetimeMin + TimeSpan.FromSeconds(spread > 0 ? RandomNumberGenerator.GetInt32(spread + 1) : 0);
    }

    private static string Opaque() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));

    private static void AddIfPresent(Dictionary<string, object> claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims[name] = value;
        }
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.Communication.Auth;
using Switchboard.Communication.Errors;
using Switchboard.Communication.Model;
using Switchboard.Communication.Storage;
using Switchboard.Communication.Tokens;
using Switchboard.Security;

namespace Switchboard.Communication.Endpoints;

/// <summary>Switchboard's own routes around the identity API: the ACS token key set, token introspection, key regeneration.</summary>
internal static class CommunicationServiceEndpoints
{
    /// <summary><c>GET /communication/discovery/keys</c>: the JWKS that verifies ACS access tokens.</summary>
    public static async Task<IResult> KeysAsync(HttpContext http, AcsKeyRing ring)
        => Jwks.Result(await ring.GetKeysAsync(http.RequestAborted), issuer: null, http.Response, TimeSpan.FromHours(1));

    /// <summary>
    /// <c>GET /communication/tokenInfo</c> with <c>Authorization: Bearer &lt;ACS token&gt;</c>: who the token is
    /// for, if it is still valid (signature, expiry, identity not deleted, tokens not revoked). The check
    /// every Switchboard service applies to ACS tokens, open to clients and tests.
    /// </summary>
    public static async Task<IResult> TokenInfoAsync(HttpContext http, IAcsTokenValidator validator)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return new AcsErrorResult(AcsErrors.TokenNotValid("send it as 'Authorization: Bearer <token>'."));
        }

        var (principal, failure) = await validator.ValidateAsync(header["Bearer ".Length..].Trim(), http.RequestAborted);
        if (principal is null)
        {
            return new AcsErrorResult(AcsErrors.TokenNotValid(failure!));
        }

        return Results.Json(new
        {
            id = principal.RawId,
            resourceId = principal.ResourceId,
            scopes = principal.Scopes,
            expiresOn = new AcsToken("", principal.ExpiresOn).ExpiresOnText,
            tenantId = principal.TeamsTenantId,
        }, IdentityJson.Options);
    }

    /// <summary>
    /// <c>POST /communication/resources/{id}:regenerateKey</c> <c>{"keyType":"primary"|"secondary"}</c>: a new
    /// key replaces the old one at once (requests signed with it fail from then on). Needs the Owner role.
    /// </summary>
    public static async Task<IResult> RegenerateKeyAsync(Guid id, HttpContext http, CommunicationDb db, ResourceCache cache)
    {
        var caller = http.Caller();
        if (caller.Role != CommunicationRoles.Owner || caller.Resource.Id != id)
        {
            return new AcsErrorResult(AcsErrors.OwnerRoleRequired());
        }

        string? keyType;
        try
        {
            keyType = caller.Body.Length == 0 ? null : JsonDocument.Parse(caller.Body).RootElement.GetProperty("keyType").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            keyType = null;
        }

        var resource = await db.Resources.FirstAsync(r => r.Id == id, http.RequestAborted);
        var fresh = NewKey();
        switch (keyType?.ToLowerInvariant())
        {
            case "primary":
                resource.PrimaryKey = fresh;
                break;
            case "secondary":
                resource.SecondaryKey = fresh;
                break;
            default:
                return new AcsErrorResult(new AcsError(400, "ValidationError", "keyType must be 'primary' or 'secondary'.", "keyType"));
        }

        await db.SaveChangesAsync(http.RequestAborted);
        cache.Invalidate();
        return Results.Json(new { primaryKey = resource.PrimaryKey, secondaryKey = resource.SecondaryKey });
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
}

using Microsoft.EntityFrameworkCore;
using Switchboard.Communication.Auth;
using Switchboard.Communication.Errors;
using Switchboard.Communication.Model;
using Switchboard.Communication.Storage;
using Switchboard.Communication.Tokens;

namespace Switchboard.Communication.Endpoints;

/// <summary>The ACS Identity REST API: create, issue token, revoke, delete, get (acs-identity.md §5).</summary>
internal static class IdentityEndpoints
{
    private const int DefaultMinutes = 1440;

    public static async Task<IResult> CreateAsync(HttpContext http, CommunicationDb db, AcsTokenIssuer issuer, TimeProvider time)
    {
        var caller = http.Caller();
        if (!IdentityJson.TryRead<CreateIdentityRequest>(caller.Body, out var request, out var bodyError))
        {
            return new AcsErrorResult(AcsErrors.InvalidBody(bodyError!));
        }

        var scopes = request?.CreateTokenWithScopes is { Count: > 0 } s ? s : null;
        var error = scopes is null ? null : CheckScopes(scopes, caller.ApiVersion) ?? CheckMinutes(request!.ExpiresInMinutes);
        var customId = caller.ApiVersion == ApiVersions.V2025_03_02_Preview ? request?.CustomId : null;
        if (customId is { Length: > 256 })
        {
            error ??= AcsErrors.CustomIdTooLong();
        }

        if (error is not null)
        {
            return new AcsErrorResult(error);
        }

        var now = time.GetUtcNow();
        var resource = caller.Resource;
        var existing = customId is null ? null : await db.Users.FirstOrDefaultAsync(u => u.ResourceId == resource.Id && u.CustomId == customId, http.RequestAborted);
        var user = existing ?? new CommunicationUser { ResourceId = resource.Id, LocalId = CommunicationIdentifier.NewLocalId(), CustomId = customId, CreatedAt = now };
        if (existing is null)
        {
            db.Users.Add(user);
        }

        AcsToken? token = null;
        if (scopes is not null)
        {
            token = await issuer.ForUserAsync(resource, user, scopes, Minutes(request!.ExpiresInMinutes), user.Revocation, http.RequestAborted);
            user.LastTokenIssuedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException) when (customId is not null)
        {
            // Two creates with one customId raced: the other won; answer with its identity, as the service does.
            db.ChangeTracker.Clear();
            return await CreateAsync(http, db, issuer, time);
        }

        var body = new Dictionary<string, object> { ["identity"] = Describe(user, caller.ApiVersion) };
        if (token is not null)
        {
            body["accessToken"] = new { token = token.Token, expiresOn = token.ExpiresOnText };
        }

        // An identity that already had this customId comes back with 200, a new one with 201.
        return existing is null
            ? Results.Json(body, IdentityJson.Options, statusCode: StatusCodes.Status201Created)
            : Results.Json(body, IdentityJson.Options);
    }

    public static async Task<IResult> IssueTokenAsync(string id, HttpContext http, CommunicationDb db, AcsTokenIssuer issuer, TimeProvider time)
    {
        var caller = http.Caller();
        if (!IdentityJson.TryRead<IssueTokenRequest>(caller.Body, out var request, out var bodyError))
        {
            return new AcsErrorResult(AcsErrors.InvalidBody(bodyError!));
        }

        var (user, notFound) = await FindAsync(db, caller.Resource, id, http.RequestAborted);
        if (user is null)
        {
            return new AcsErrorResult(notFound!);
        }

        var error = request?.Scopes is null ? AcsErrors.ScopesRequired()
            : request.Scopes.Count == 0 ? AcsErrors.ScopesEmpty()
            : CheckScopes(request.Scopes, caller.ApiVersion) ?? CheckMinutes(request.ExpiresInMinutes);
        if (error is not null)
        {
            return new AcsErrorResult(error);
        }

        var token = await issuer.ForUserAsync(caller.Resource, user, request!.Scopes!, Minutes(request.ExpiresInMinutes), user.Revocation, http.RequestAborted);
        user.LastTokenIssuedAt = time.GetUtcNow();
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new { token = token.Token, expiresOn = token.ExpiresOnText }, IdentityJson.Options);
    }

    public static async Task<IResult> RevokeAsync(string id, HttpContext http, CommunicationDb db, TimeProvider time)
    {
        var caller = http.Caller();
        var (user, notFound) = await FindAsync(db, caller.Resource, id, http.RequestAborted);
        if (user is null)
        {
            return new AcsErrorResult(notFound!);
        }

        var now = time.GetUtcNow();
        var localId = user.LocalId;
        await db.Users.Where(u => u.ResourceId == caller.Resource.Id && u.LocalId == localId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Revocation, u => u.Revocation + 1).SetProperty(u => u.RevokedAt, now), http.RequestAborted);
        return Results.NoContent();
    }

    public static async Task<IResult> DeleteAsync(string id, HttpContext http, CommunicationDb db)
    {
        var caller = http.Caller();
        var (user, notFound) = await FindAsync(db, caller.Resource, id, http.RequestAborted);
        if (user is null)
        {
            return new AcsErrorResult(notFound!);
        }

        db.Users.Remove(user);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.NoContent();
    }

    public static async Task<IResult> GetAsync(string id, HttpContext http, CommunicationDb db)
    {
        var caller = http.Caller();
        var (user, notFound) = await FindAsync(db, caller.Resource, id, http.RequestAborted);
        return user is null ? new AcsErrorResult(notFound!) : Results.Json(Describe(user, ApiVersions.V2025_03_02_Preview), IdentityJson.Options);
    }

    /// <summary>Identities of other resources are "not found": one resource never learns of another's users.</summary>
    private static async Task<(CommunicationUser? User, AcsError? Error)> FindAsync(CommunicationDb db, CommunicationResource resource, string id, CancellationToken cancellationToken)
    {
        if (!CommunicationIdentifier.TryParseUser(id, out var resourceId, out var localId))
        {
            return (null, AcsErrors.InvalidIdentity(id));
        }

        var user = resourceId != resource.Id ? null
            : await db.Users.FirstOrDefaultAsync(u => u.ResourceId == resourceId && u.LocalId == localId, cancellationToken);
        return user is null ? (null, AcsErrors.IdentityNotFound(id)) : (user, null);
    }

    private static Dictionary<string, object> Describe(CommunicationUser user, string version)
    {
        var identity = new Dictionary<string, object> { ["id"] = CommunicationIdentifier.ForUser(user.ResourceId, user.LocalId) };
        if (version == ApiVersions.V2025_03_02_Preview)
        {
            if (user.CustomId is not null)
            {
                identity["customId"] = user.CustomId;
            }

            if (user.LastTokenIssuedAt is { } last)
            {
                identity["lastTokenIssuedAt"] = new AcsToken("", last).ExpiresOnText;
            }
        }

        return identity;
    }

    private static AcsError? CheckScopes(IReadOnlyList<string> scopes, string version)
    {
        var valid = AcsScopes.For(version);
        var unknown = scopes.FirstOrDefault(s => !valid.Contains(s));
        return unknown is null ? null : AcsErrors.UnknownScope(unknown, version);
    }

    private static AcsError? CheckMinutes(int? minutes)
        => minutes is { } m && (m < 60 || m > 1440) ? AcsErrors.ExpiresInMinutesInvalid(m) : null;

    private static TimeSpan Minutes(int? minutes) => TimeSpan.FromMinutes(minutes ?? DefaultMinutes);
}

using Switchboard.Communication.Auth;
using Switchboard.Communication.Errors;
using Switchboard.Communication.Tokens;
using Switchboard.Directory;
using Switchboard.Login.Tokens;

namespace Switchboard.Communication.Endpoints;

/// <summary>
/// <c>POST /teamsUser/:exchangeAccessToken</c>: a Teams user's Entra token for an ACS token that expires
/// with it. The checks run in the service's order (acs-identity.md §8): required fields, GUID formats,
/// the token (signature in process against the sign-in service's keys, lifetime, access token, audience,
/// both Teams scopes), app, user, then Switchboard's eligibility checks (work account, enabled, Teams,
/// consent still granted).
/// </summary>
internal static class TeamsExchangeEndpoint
{
    private static readonly string[] TeamsScopes = ["Teams.ManageCalls", "Teams.ManageChats"];

    public static async Task<IResult> HandleAsync(HttpContext http, IEntraTokenValidator validator, IDirectory directory, AcsTokenIssuer issuer)
    {
        var caller = http.Caller();
        if (!ApiVersions.AtLeast(caller.ApiVersion, ApiVersions.V2022_06_01))
        {
            return new AcsErrorResult(AcsErrors.UnsupportedApiVersion($"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}", caller.ApiVersion));
        }

        if (!IdentityJson.TryRead<TeamsExchangeRequest>(caller.Body, out var request, out var bodyError))
        {
            return new AcsErrorResult(AcsErrors.InvalidBody(bodyError!));
        }

        var error = CheckFields(request);
        if (error is not null)
        {
            return new AcsErrorResult(error);
        }

        var appId = Guid.Parse(request!.AppId!);
        var userId = Guid.Parse(request.UserId!);
        var validation = await validator.ValidateAsync(request.Token!, http.RequestAborted);
        if (!validation.IsValid)
        {
            return new AcsErrorResult(AcsErrors.InvalidAccessToken(validation.Failure switch
            {
                EntraTokenFailure.Expired => "TokenExpired",
                EntraTokenFailure.NotYetValid => "TokenNotYetValid",
                EntraTokenFailure.Signature => "InvalidSignature",
                _ => "MalformedToken",
            }, validation.Detail ?? "The token could not be validated."));
        }

        var token = validation.Token!;
        if (!token.TryGetPayloadValue<string>("scp", out var scp))
        {
            return new AcsErrorResult(AcsErrors.InvalidAccessToken("NotADelegatedAccessToken", "The token is not a user's access token (an id token or an app-only token has no 'scp')."));
        }

        var audience = token.GetPayloadValue<string>("aud").TrimEnd('/');
        if (!string.Equals(audience, FirstPartyApplications.CommunicationTeamsResource, StringComparison.OrdinalIgnoreCase)
            && audience != FirstPartyApplications.CommunicationTeamsAppId.ToString())
        {
            return new AcsErrorResult(AcsErrors.InvalidAccessToken("InvalidAudience", $"The token's audience is '{audience}', not Azure Communication Services ('{FirstPartyApplications.CommunicationTeamsResource}')."));
        }

        var granted = scp.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var lacking = TeamsScopes.Where(s => !granted.Contains(s)).ToList();
        if (lacking.Count > 0)
        {
            return new AcsErrorResult(AcsErrors.InvalidAccessToken("MissingTeamsScopes", $"Both Teams.ManageCalls and Teams.ManageChats are required; the token lacks {string.Join(" and ", lacking)}."));
        }

        var tokenApp = token.TryGetPayloadValue<string>("appid", out var v1App) ? v1App : token.GetPayloadValue<string>("azp");
        if (!Guid.TryParse(tokenApp, out var tokenAppId) || tokenAppId != appId)
        {
            return new AcsErrorResult(AcsErrors.AppMismatch());
        }

        if (!Guid.TryParse(token.GetPayloadValue<string>("oid"), out var oid) || oid != userId)
        {
            return new AcsErrorResult(AcsErrors.UserMismatch());
        }

        var tenantId = Guid.Parse(token.GetPayloadValue<string>("tid"));
        error = await CheckEligibilityAsync(directory, tenantId, appId, userId, http.RequestAborted);
        if (error is not null)
        {
            return new AcsErrorResult(error);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(token.GetPayloadValue<long>("exp"));
        var acs = await issuer.ForTeamsUserAsync(caller.Resource, userId, tenantId, appId, expires, http.RequestAborted);
        return Results.Json(new { token = acs.Token, expiresOn = acs.ExpiresOnText }, IdentityJson.Options);
    }

    private static AcsError? CheckFields(TeamsExchangeRequest? request)
    {
        // The service answers an empty token as an invalid token (401), not as a missing field.
        if (string.IsNullOrEmpty(request?.Token))
        {
            return AcsErrors.InvalidAccessToken("TokenRequired", "No token was given.");
        }

        if (string.IsNullOrEmpty(request.AppId))
        {
            return AcsErrors.AppIdRequired();
        }

        if (string.IsNullOrEmpty(request.UserId))
        {
            return AcsErrors.UserIdRequired();
        }

        if (!Guid.TryParse(request.AppId, out _))
        {
            return AcsErrors.AppIdFormat();
        }

        return Guid.TryParse(request.UserId, out _) ? null : AcsErrors.UserIdFormat();
    }

    private static async Task<AcsError?> CheckEligibilityAsync(IDirectory directory, Guid tenantId, Guid appId, Guid userId, CancellationToken cancellationToken)
    {
        if (tenantId == FirstPartyApplications.ConsumersTenantId)
        {
            return AcsErrors.PersonalAccount();
        }

        var user = await directory.GetUserAsync(userId, cancellationToken);
        if (user is null || user.TenantId != tenantId)
        {
            return AcsErrors.InvalidAccessToken("UnknownUser", "The token's user is not in the directory.");
        }

        if (!user.AccountEnabled)
        {
            return AcsErrors.UserDisabled();
        }

        if (!user.TeamsEnabled)
        {
            return AcsErrors.TeamsNotEnabled();
        }

        var granted = await directory.GetGrantedScopesAsync(tenantId, appId, FirstPartyApplications.CommunicationTeamsAppId, userId, cancellationToken);
        return TeamsScopes.All(granted.Contains) ? null : AcsErrors.ConsentMissing();
    }
}

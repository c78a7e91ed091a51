using Switchboard.Communication.Auth;
using Switchboard.Communication.Errors;
using Switchboard.Communication.Tokens;

namespace Switchboard.Communication.Endpoints;

/// <summary>
/// <c>POST /teamsUser/:exchangeAccessToken</c>: a Teams user's Entra token for an ACS token that expires
/// with it. The checks run in the service's order (acs-identity.md §8): required fields and GUID formats
/// here, then the token, app, user and eligibility in <see cref="TeamsTokenExchange"/>.
/// </summary>
internal static class TeamsExchangeEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, TeamsTokenExchange exchange)
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

        var result = await exchange.ExchangeAsync(caller.Resource, request!.Token!, Guid.Parse(request.AppId!), Guid.Parse(request.UserId!), http.RequestAborted);
        return result.Error is { } refused
            ? new AcsErrorResult(refused)
            : Results.Json(new { token = result.Token!.Token, expiresOn = result.Token.ExpiresOnText }, IdentityJson.Options);
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
}

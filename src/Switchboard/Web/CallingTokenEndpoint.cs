using Switchboard.Communication;
using Switchboard.Communication.Errors;

namespace Switchboard.Web;

/// <summary>
/// <c>POST /web/calling-token</c>: Switchboard's own web app turns its user's Entra token for the Teams
/// scopes into an ACS token, as a customer's back end does with its access key. Only tokens issued to the
/// first-party web app; the exchange's checks and its ACS errors.
/// </summary>
internal static class CallingTokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ITeamsTokenExchange exchange)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        var result = await exchange.ExchangeForWebAppAsync(token, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        if (result.Error is { } error)
        {
            if (error.Status == StatusCodes.Status401Unauthorized)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
            }

            return new AcsErrorResult(error);
        }

        return Results.Json(new { token = result.Token!.Token, expiresOn = result.Token.ExpiresOnText });
    }
}

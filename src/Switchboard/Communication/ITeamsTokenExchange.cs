using Switchboard.Communication.Errors;
using Switchboard.Communication.Tokens;

namespace Switchboard.Communication;

/// <summary>
/// The Teams user exchange as other services may use it, without the identity service's tables or keys:
/// Switchboard's own web app turns its user's Entra token into an ACS token here.
/// </summary>
internal interface ITeamsTokenExchange
{
    /// <summary>
    /// Exchanges a Teams user's Entra token issued to Switchboard's first-party web app, with the public
    /// exchange's checks; the ACS token belongs to Switchboard's own communication resource.
    /// </summary>
    Task<TeamsExchangeResult> ExchangeForWebAppAsync(string? entraToken, CancellationToken cancellationToken);
}

/// <summary>An ACS token, or the exchange's refusal in the ACS catalog.</summary>
internal sealed record TeamsExchangeResult(AcsToken? Token, AcsError? Error);

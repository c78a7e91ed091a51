using Switchboard.Communication.Errors;
using Switchboard.Communication.Model;
using Switchboard.Directory;
using Switchboard.Login.Tokens;

namespace Switchboard.Communication.Tokens;

/// <summary>
/// The Teams user exchange's checks after the request's own fields, in the service's order
/// (acs-identity.md §8): the token (signature against the sign-in service's keys, lifetime, access token,
/// audience, both Teams scopes), app, user, then Switchboard's eligibility checks (work account, enabled,
/// Teams, consent still granted). Shared by <c>/teamsUser/:exchangeAccessToken</c> and the web app.
/// </summary>
internal sealed class TeamsTokenExchange(IEntraTokenValidator validator, IDirectory directory, AcsTokenIssuer issuer) : ITeamsTokenExchange
{
    /// <summary>
    /// Switchboard's own communication resource: the owner of the ACS tokens its web app's users get.
    /// Not a customer's resource; it has no keys and no ACS identities, only Teams users' tokens.
    /// </summary>
    public static readonly CommunicationResource WebAppResource = new()
    {
        Id = new("5b0a4d2e-7f1c-4c8e-9a3d-5717c4b0ac50"),
        Name = "switchboard-web",
        TenantId = FirstPartyApplications.MicrosoftServicesTenantId,
        PrimaryKey = "",
        SecondaryKey = "",
    };

    private static readonly string[] TeamsScopes = ["Teams.ManageCalls", "Teams.ManageChats"];

    public async Task<TeamsExchangeResult> ExchangeForWebAppAsync(string? entraToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(entraToken))
        {
            return new(null, AcsErrors.InvalidAccessToken("TokenRequired", "No token was given: send 'Authorization: Bearer <Entra access token>'."));
        }

        return await ExchangeAsync(WebAppResource, entraToken, FirstPartyApplications.SwitchboardWebAppId, userId: null, cancellationToken);
    }

    /// <summary>
    /// Checks <paramref name="entraToken"/> and issues the ACS token of <paramref name="resource"/>. With
    /// <paramref name="userId"/> null the token's own user is taken (the web app has no separate user id to match);
    /// an app that is not <paramref name="appId"/> is then refused as not allowed rather than as a mismatch.
    /// </summary>
    public async Task<TeamsExchangeResult> ExchangeAsync(CommunicationResource resource, string entraToken, Guid appId, Guid? userId, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(entraToken, cancellationToken);
        if (!validation.IsValid)
        {
            return Refused(AcsErrors.InvalidAccessToken(validation.Failure switch
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
            return Refused(AcsErrors.InvalidAccessToken("NotADelegatedAccessToken", "The token is not a user's access token (an id token or an app-only token has no 'scp')."));
        }

        var audience = token.GetPayloadValue<string>("aud").TrimEnd('/');
        if (!string.Equals(audience, FirstPartyApplications.CommunicationTeamsResource, StringComparison.OrdinalIgnoreCase)
            && audience != FirstPartyApplications.CommunicationTeamsAppId.ToString())
        {
            return Refused(AcsErrors.InvalidAccessToken("InvalidAudience", $"The token's audience is '{audience}', not Azure Communication Services ('{FirstPartyApplications.CommunicationTeamsResource}')."));
        }

        var granted = scp.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var lacking = TeamsScopes.Where(s => !granted.Contains(s)).ToList();
        if (lacking.Count > 0)
        {
            return Refused(AcsErrors.InvalidAccessToken("MissingTeamsScopes", $"Both Teams.ManageCalls and Teams.ManageChats are required; the token lacks {string.Join(" and ", lacking)}."));
        }

        var tokenApp = token.TryGetPayloadValue<string>("appid", out var v1App) ? v1App : token.GetPayloadValue<string>("azp");
        if (!Guid.TryParse(tokenApp, out var tokenAppId) || tokenAppId != appId)
        {
            return Refused(userId is null ? AcsErrors.NotTheWebApp(tokenApp) : AcsErrors.AppMismatch());
        }

        if (!Guid.TryParse(token.GetPayloadValue<string>("oid"), out var oid) || (userId is not null && oid != userId))
        {
            return Refused(AcsErrors.UserMismatch());
        }

        var tenantId = Guid.Parse(token.GetPayloadValue<string>("tid"));
        var error = await CheckEligibilityAsync(tenantId, appId, oid, cancellationToken);
        if (error is not null)
        {
            return Refused(error);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(token.GetPayloadValue<long>("exp"));
        return new(await issuer.ForTeamsUserAsync(resource, oid, tenantId, appId, expires, cancellationToken), null);
    }

    private static TeamsExchangeResult Refused(AcsError error) => new(null, error);

    private async Task<AcsError?> CheckEligibilityAsync(Guid tenantId, Guid appId, Guid userId, CancellationToken cancellationToken)
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

using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Directory;
using Switchboard.Login.Clients;
using Switchboard.Login.Errors;
using Switchboard.Login.Interaction;
using Switchboard.Login.Pages;

namespace Switchboard.Login.Endpoints;

/// <summary>
/// <c>/{tenant}/adminconsent</c> (and <c>/{tenant}/v2.0/adminconsent</c>): an administrator of the
/// customer tenant grants everything the app declares, for everyone, creating its service principal.
/// The link Contoso sends Fabrikam's admin (quickstart step 5).
/// </summary>
internal static class AdminConsentEndpoint
{
    public static async Task<IResult> HandleAsync(
        string tenant,
        HttpContext http,
        AuthorityResolver authorities,
        IDirectory directory,
        SignInInteraction interaction,
        Issuers issuers,
        TimeProvider time)
    {
        var query = http.Request.Query;
        var (authority, error) = await authorities.ResolveAsync(tenant, http.RequestAborted);
        if (authority is null)
        {
            return AuthorizeEndpoint.ErrorPage(http, error!, time);
        }

        var clientId = query["client_id"].ToString();
        var client = Guid.TryParse(clientId, out var appId) ? await directory.FindApplicationAsync(appId, http.RequestAborted) : null;
        if (client is null || !FirstPartyApplications.IsClient(client))
        {
            return AuthorizeEndpoint.ErrorPage(http, clientId.Length == 0 ? AadErrors.MissingParameter("client_id") : AadErrors.ClientNotFound(clientId, authority.Segment), time);
        }

        string? redirectUri = query["redirect_uri"];
        if (redirectUri is not null && RedirectUriMatcher.Match(client, redirectUri, issuers.Origin(http.Request)) is null)
        {
            return AuthorizeEndpoint.ErrorPage(http, AadErrors.RedirectUriMismatch(redirectUri, client.AppId, client.DisplayName), time);
        }

        var outcome = await interaction.RunAsync(http, new InteractionRequest(
            InteractionKind.AdminConsent, authority, client, null, query["prompt"], query["login_hint"], http.Request.Path + http.Request.QueryString));
        string? state = query["state"];
        switch (outcome)
        {
            case InteractionOutcome.ShowPage page:
                return page.Page;
            case InteractionOutcome.Completed done:
                return redirectUri is null
                    ? LoginPages.Message("Permissions granted", $"{client.DisplayName} can now be used by everyone in {done.Tenant.DisplayName}.")
                    : Results.Redirect(QueryHelpers.AddQueryString(redirectUri, WithState(new() { ["admin_consent"] = "True", ["tenant"] = done.Tenant.Id.ToString() }, state)!));
            case InteractionOutcome.Declined:
                var declined = AadErrors.UserDeclinedConsent();
                return redirectUri is null
                    ? LoginPages.Message("No permissions granted", "You cancelled; nothing was granted.")
                    : Results.Redirect(QueryHelpers.AddQueryString(redirectUri, WithState(new() { ["admin_consent"] = "True", ["error"] = declined.Error, ["error_description"] = declined.Headline }, state)!));
            case InteractionOutcome.Failed { Error.Code: 90094 } failed:
                return LoginPages.NeedAdminApproval(failed.Error, client.DisplayName, null);
            case InteractionOutcome.Failed failed:
                return AuthorizeEndpoint.ErrorPage(http, failed.Error, time);
            default:
                throw new InvalidOperationException($"Unexpected interaction outcome {outcome}.");
        }
    }

    private static Dictionary<string, string> WithState(Dictionary<string, string> fields, string? state)
    {
        if (state is not null)
        {
            fields["state"] = state;
        }

        return fields;
    }
}

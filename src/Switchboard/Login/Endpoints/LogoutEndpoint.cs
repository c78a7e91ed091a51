using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Clients;
using Switchboard.Login.Interaction;
using Switchboard.Login.Pages;

namespace Switchboard.Login.Endpoints;

/// <summary><c>/{tenant}/oauth2/v2.0/logout</c>: ends the browser session; returns to the app only to a URI it registered.</summary>
internal static class LogoutEndpoint
{
    public static async Task<IResult> HandleAsync(string tenant, HttpContext http, SessionStore sessions, IDirectory directory, Issuers issuers)
    {
        await sessions.EndAsync(http);
        string? target = http.Request.Query["post_logout_redirect_uri"];
        string? clientId = http.Request.Query["client_id"];
        string? state = http.Request.Query["state"];
        if (target is not null && Guid.TryParse(clientId, out var appId)
            && await directory.FindApplicationAsync(appId, http.RequestAborted) is Application client
            && RedirectUriMatcher.Match(client, target, issuers.Origin(http.Request)) is not null)
        {
            return Results.Redirect(state is null ? target : QueryHelpers.AddQueryString(target, "state", state));
        }

        return LoginPages.Message("You signed out of your account", "It's a good idea to close all browser windows.");
    }
}

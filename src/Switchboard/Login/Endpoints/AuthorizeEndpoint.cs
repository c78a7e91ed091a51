using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Clients;
using Switchboard.Login.Errors;
using Switchboard.Login.Interaction;
using Switchboard.Login.Pages;
using Switchboard.Login.Scopes;
using Switchboard.Login.Storage;
using Switchboard.Login.Tokens;

namespace Switchboard.Login.Endpoints;

/// <summary>
/// <c>/{tenant}/oauth2/v2.0/authorize</c>. Errors about the tenant, the client or the redirect URI are
/// shown on a page (redirecting to an unverified URI is what they guard against); once the redirect URI
/// is known good, protocol errors go back to it as Entra sends them.
/// </summary>
internal static class AuthorizeEndpoint
{
    private static readonly HashSet<string> ResponseModes = new(StringComparer.Ordinal) { "query", "fragment", "form_post" };

    /// <summary>Account errors Entra shows on its own page instead of returning to the app.</summary>
    private static readonly HashSet<int> ShownOnPage = [50020, 500200, 50034, 50126, 50057, 90094];

    public static async Task<IResult> HandleAsync(
        string tenant,
        HttpContext http,
        AuthorityResolver authorities,
        IDirectory directory,
        ScopeResolver scopes,
        SignInInteraction interaction,
        GrantStore grants,
        Issuers issuers,
        TimeProvider time)
    {
        var query = http.Request.Query;
        string? Param(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v.ToString() : null;

        var (authority, error) = await authorities.ResolveAsync(tenant, http.RequestAborted);
        if (authority is null)
        {
            return ErrorPage(http, error!, time);
        }

        var clientId = Param("client_id");
        if (clientId is null)
        {
            return ErrorPage(http, AadErrors.MissingParameter("client_id"), time);
        }

        var client = Guid.TryParse(clientId, out var appId) ? await directory.FindApplicationAsync(appId, http.RequestAborted) : null;
        if (client is null || !FirstPartyApplications.IsClient(client))
        {
            return ErrorPage(http, AadErrors.ClientNotFound(clientId, authority.Segment), time);
        }

        error = SignInRules.CheckClientForAuthority(authority, client);
        if (error is not null)
        {
            return ErrorPage(http, error, time);
        }

        var redirectUri = Param("redirect_uri");
        if (redirectUri is null)
        {
            return ErrorPage(http, AadErrors.MissingParameter("redirect_uri"), time);
        }

        var registered = RedirectUriMatcher.Match(client, redirectUri, issuers.Origin(http.Request));
        if (registered is null)
        {
            return ErrorPage(http, AadErrors.RedirectUriMismatch(redirectUri, client.AppId, client.DisplayName), time);
        }

        // From here on the redirect URI is trusted: protocol errors go back to the app.
        var responseMode = Param("response_mode") ?? "query";
        var reply = new Reply(http, redirectUri, ResponseModes.Contains(responseMode) ? responseMode : "query", Param("state"), time);
        var (scopeRequest, requestError) = await CheckRequestAsync(Param, responseMode, registered, scopes, authority, http.RequestAborted);
        if (scopeRequest is null)
        {
            return reply.Error(requestError!);
        }

        var outcome = await interaction.RunAsync(http, new InteractionRequest(
            InteractionKind.Authorize, authority, client, scopeRequest, Param("prompt"), Param("login_hint"),
            http.Request.Path + http.Request.QueryString));

        switch (outcome)
        {
            case InteractionOutcome.ShowPage page:
                return page.Page;
            case InteractionOutcome.Declined:
                return reply.Error(AadErrors.UserDeclinedConsent());
            case InteractionOutcome.Failed { Error.Code: 90094 } failed:
                return LoginPages.NeedAdminApproval(failed.Error, client.DisplayName, reply.ErrorUrl(failed.Error));
            case InteractionOutcome.Failed failed when ShownOnPage.Contains(failed.Error.Code):
                return ErrorPage(http, failed.Error, time);
            case InteractionOutcome.Failed failed:
                return reply.Error(failed.Error);
        }

        var done = (InteractionOutcome.Completed)outcome;
        var code = await grants.CreateCodeAsync(new AuthorizationCodeRecord
        {
            Id = "",
            ClientId = client.AppId,
            UserId = done.User.Id,
            TenantId = done.Tenant.Id,
            Authority = authority.Segment,
            RedirectUri = redirectUri,
            Platform = registered.Platform,
            Scope = scopeRequest.Raw,
            CodeChallenge = Param("code_challenge"),
            CodeChallengeMethod = Param("code_challenge") is null ? null : Param("code_challenge_method") ?? "plain",
            Nonce = Param("nonce"),
            SessionId = done.Session.Sid,
            AuthTime = done.Session.AuthTime,
        }, http.RequestAborted);

        var fields = new Dictionary<string, string> { ["code"] = code };
        if (Param("client_info") == "1")
        {
            fields["client_info"] = TokenIssuer.ClientInfo(done.User);
        }

        fields["session_state"] = done.Session.Sid.ToString();
        return reply.Success(fields);
    }

    /// <summary>The request checks that need a trusted redirect URI to report to, in order.</summary>
    private static async Task<(ScopeRequest? Scopes, AadError? Error)> CheckRequestAsync(
        Func<string, string?> param, string responseMode, RedirectUri registered, ScopeResolver scopes, Authority authority, CancellationToken cancellationToken)
    {
        var responseType = param("response_type");
        if (responseType is null)
        {
            return (null, AadErrors.MissingParameter("response_type"));
        }

        if (responseType != "code")
        {
            return (null, AadErrors.UnsupportedResponseType(responseType));
        }

        if (!ResponseModes.Contains(responseMode))
        {
            return (null, AadErrors.InvalidResponseMode(responseMode));
        }

        var challenge = param("code_challenge");
        var method = param("code_challenge_method");
        if (challenge is not null && method is not null and not ("S256" or "plain"))
        {
            return (null, AadErrors.PkceMethodUnsupported(method));
        }

        if (challenge is null && registered.Platform is RedirectPlatforms.PublicClient or RedirectPlatforms.Spa)
        {
            return (null, AadErrors.PkceRequired());
        }

        if (param("scope") is null)
        {
            return (null, AadErrors.MissingParameter("scope"));
        }

        return await scopes.ResolveAsync(param("scope"), authority.Tenant?.Id.ToString() ?? authority.Segment, cancellationToken);
    }

    internal static HtmlPage ErrorPage(HttpContext http, AadError error, TimeProvider time)
        => LoginPages.Error(error, RequestCorrelation.Id(http), time.GetUtcNow());

    /// <summary>Builds responses to the app's redirect URI in its response mode.</summary>
    private sealed class Reply(HttpContext http, string redirectUri, string mode, string? state, TimeProvider time)
    {
        public IResult Success(Dictionary<string, string> fields) => Send(fields);

        public IResult Error(AadError error) => Send(ErrorFields(error));

        /// <summary>A link back to the app that reports the error (for the "Need admin approval" page).</summary>
        public string? ErrorUrl(AadError error) => mode == "form_post" ? null : Url(ErrorFields(error));

        private Dictionary<string, string> ErrorFields(AadError error)
        {
            var described = AadErrorResult.Describe(error, http, time, "");
            return new Dictionary<string, string>
            {
                ["error"] = error.Error,
                ["error_description"] = (string)described["error_description"],
                ["error_uri"] = http.RequestServices.GetRequiredService<Issuers>().Origin(http.Request) + AadErrors.ErrorPath(error.Code),
            };
        }

        private IResult Send(Dictionary<string, string> fields)
        {
            if (state is not null)
            {
                fields["state"] = state;
            }

            return mode == "form_post" ? LoginPages.FormPost(redirectUri, fields) : Results.Redirect(Url(fields));
        }

        private string Url(Dictionary<string, string> fields)
        {
            if (mode == "fragment")
            {
                var fragment = QueryHelpers.AddQueryString("", fields!).TrimStart('?');
                return redirectUri.Split('#')[0] + "#" + fragment;
            }

            return QueryHelpers.AddQueryString(redirectUri, fields!);
        }
    }
}

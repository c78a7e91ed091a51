using Switchboard.Directory;
using Switchboard.Login.Clients;
using Switchboard.Login.Errors;
using Switchboard.Login.Grants;

namespace Switchboard.Login.Endpoints;

/// <summary>
/// <c>POST /{tenant}/oauth2/v2.0/token</c>: the shared checks in order (tenant → form → grant type →
/// client id → known client → client fits the authority), then the grant's own checks.
/// </summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(
        string tenant,
        HttpContext http,
        AuthorityResolver authorities,
        IDirectory directory,
        IEnumerable<ITokenGrant> grants,
        Issuers issuers)
    {
        var (authority, error) = await authorities.ResolveAsync(tenant, http.RequestAborted);
        if (authority is null)
        {
            return new AadErrorResult(error!);
        }

        if (!http.Request.HasFormContentType)
        {
            return new AadErrorResult(AadErrors.MalformedRequest("The token request must be application/x-www-form-urlencoded."));
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        RequestCorrelation.Id(http);
        var grantType = form["grant_type"].ToString();
        if (string.IsNullOrEmpty(grantType))
        {
            return new AadErrorResult(AadErrors.MissingParameter("grant_type"));
        }

        var grant = grants.FirstOrDefault(g => g.GrantType == grantType || g.Aliases.Contains(grantType));
        if (grant is null)
        {
            return new AadErrorResult(AadErrors.UnsupportedGrantType(grantType));
        }

        var clientId = form["client_id"].ToString();
        if (string.IsNullOrEmpty(clientId))
        {
            clientId = ClientAuthenticator.BasicClientId(http.Request) ?? "";
        }

        if (clientId.Length == 0)
        {
            return new AadErrorResult(AadErrors.MissingParameter("client_id"));
        }

        var client = Guid.TryParse(clientId, out var appId) ? await directory.FindApplicationAsync(appId, http.RequestAborted) : null;
        if (client is null || !FirstPartyApplications.IsClient(client))
        {
            return new AadErrorResult(AadErrors.ClientNotFound(clientId, authority.Segment));
        }

        error = SignInRules.CheckClientForAuthority(authority, client);
        if (error is not null)
        {
            return new AadErrorResult(error);
        }

        return await grant.HandleAsync(new TokenContext(http, form, authority, client, issuers.Origin(http.Request)));
    }
}

using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Switchboard.Graph;

namespace Switchboard.Chat.Live;

/// <summary>
/// ASP.NET Core authentication for the hub with Graph access tokens: from the Authorization header, or
/// from <c>access_token</c> in the query, which is how browsers' WebSockets and SignalR clients send it.
/// The ticket expires with the token, so SignalR closes the connection then.
/// </summary>
internal sealed class LiveAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, GraphAuthenticator graph)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "GraphLive";
    public const string Policy = "chat-live";
    public const string UserClaim = "oid";
    public const string ScopeClaim = "scp";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = GraphAuthenticator.BearerToken(Request) ?? Request.Query["access_token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var (caller, error) = await graph.AuthenticateAsync(token, Context.RequestAborted);
        if (error is not null || caller!.IsApplication)
        {
            return AuthenticateResult.Fail(error?.Message ?? "The live channel is for signed-in users.");
        }

        var claims = new List<Claim> { new(UserClaim, caller.User.ToString()), new("tid", caller.TenantId.ToString()) };
        claims.AddRange(caller.Scopes.Select(s => new Claim(ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, UserClaim, null));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = caller.ExpiresOn }, SchemeName));
    }
}

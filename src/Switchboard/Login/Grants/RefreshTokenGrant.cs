using Switchboard.Directory;
using Switchboard.Login.Clients;
using Switchboard.Login.Errors;
using Switchboard.Login.Scopes;
using Switchboard.Login.Storage;

namespace Switchboard.Login.Grants;

/// <summary><c>refresh_token</c>: rotated on every use; a replayed token revokes its family.</summary>
internal sealed class RefreshTokenGrant(GrantStore grants, ClientAuthenticator clients, ScopeResolver scopes, IDirectory directory, UserTokenResponder responder) : ITokenGrant
{
    public string GrantType => "refresh_token";

    public async Task<IResult> HandleAsync(TokenContext context)
    {
        var token = context["refresh_token"];
        if (token is null)
        {
            return new AadErrorResult(AadErrors.MissingParameter("refresh_token"));
        }

        var (record, error) = await grants.RedeemRefreshTokenAsync(token, context.Client.AppId, context.Aborted);
        if (record is null)
        {
            return new AadErrorResult(error!);
        }

        if (record.IsSpa && string.IsNullOrEmpty(context.Http.Request.Headers.Origin))
        {
            return new AadErrorResult(AadErrors.SpaRedemptionNeedsOrigin());
        }

        var (acr, clientError) = clients.Authenticate(context.Http.Request, context.Form, context.Client, record.IsPublic);
        if (clientError is not null)
        {
            return new AadErrorResult(clientError);
        }

        var user = await directory.GetUserAsync(record.UserId, context.Aborted);
        var tenant = await directory.GetTenantAsync(record.TenantId, context.Aborted);
        if (user is null || tenant is null)
        {
            return new AadErrorResult(AadErrors.RefreshTokenRevoked("The user no longer exists."));
        }

        var userError = SignInRules.CheckUser(context.Authority, user, context.Client);
        if (userError is not null)
        {
            return new AadErrorResult(userError);
        }

        var (request, scopeError) = await scopes.ResolveAsync(context["scope"] ?? record.Scope, context.TenantName, context.Aborted);
        if (request is null)
        {
            return new AadErrorResult(scopeError!);
        }

        return await responder.RespondAsync(context, new UserGrant(user, tenant, request, acr!, record.AuthTime, record.IsPublic, record.IsSpa, Rotated: record));
    }
}

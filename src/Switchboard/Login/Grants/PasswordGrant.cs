using Switchboard.Directory;
using Switchboard.Login.Clients;
using Switchboard.Login.Errors;
using Switchboard.Login.Scopes;

namespace Switchboard.Login.Grants;

/// <summary>Resource-owner password credentials: public clients with public client flows allowed, never on /common.</summary>
internal sealed class PasswordGrant(ClientAuthenticator clients, ScopeResolver scopes, IDirectory directory, UserTokenResponder responder, TimeProvider time) : ITokenGrant
{
    public string GrantType => "password";

    public async Task<IResult> HandleAsync(TokenContext context)
    {
        if (context.Authority.Kind is AuthorityKind.Common or AuthorityKind.Consumers)
        {
            return new AadErrorResult(AadErrors.PasswordGrantOnCommon());
        }

        var username = context["username"];
        var password = context["password"];
        if (username is null || password is null)
        {
            return new AadErrorResult(AadErrors.MissingParameter(username is null ? "username" : "password"));
        }

        var (acr, clientError) = clients.Authenticate(context.Http.Request, context.Form, context.Client, context.Client.AllowPublicClientFlows);
        if (clientError is not null)
        {
            return new AadErrorResult(clientError == AadErrors.MissingClientCredential() ? AadErrors.PublicClientFlowsDisabled(context.Client.AppId, context.Client.DisplayName) : clientError);
        }

        var (request, scopeError) = await scopes.ResolveAsync(context["scope"], context.TenantName, context.Aborted);
        if (request is null)
        {
            return new AadErrorResult(scopeError!);
        }

        var user = await directory.FindUserAsync(username, context.Aborted);
        if (user is null)
        {
            PasswordHasher.VerifyAgainstDecoy(password);
            return new AadErrorResult(AadErrors.UserNotFound(username, context.Authority.Tenant?.Id.ToString() ?? context.Authority.Segment));
        }

        if (!PasswordHasher.Verify(password, user.PasswordHash))
        {
            return new AadErrorResult(AadErrors.InvalidPassword());
        }

        if (!user.AccountEnabled)
        {
            return new AadErrorResult(AadErrors.UserDisabled());
        }

        var userError = SignInRules.CheckUser(context.Authority, user, context.Client);
        var tenant = await directory.GetTenantAsync(user.TenantId, context.Aborted);
        if (userError is not null || tenant is null)
        {
            return new AadErrorResult(userError ?? AadErrors.UserNotFound(username, context.TenantName));
        }

        return await responder.RespondAsync(context, new UserGrant(user, tenant, request, acr!, time.GetUtcNow(), acr == "0", IsSpa: false));
    }
}

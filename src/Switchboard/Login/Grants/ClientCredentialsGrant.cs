using Switchboard.Directory;
using Switchboard.Login.Clients;
using Switchboard.Login.Errors;
using Switchboard.Login.Tokens;

namespace Switchboard.Login.Grants;

/// <summary>
/// <c>client_credentials</c>: a confidential client, a tenant-specific authority and one
/// <c>{resource}/.default</c>. The token carries the application permissions granted in that tenant.
/// </summary>
internal sealed class ClientCredentialsGrant(ClientAuthenticator clients, IDirectory directory, TokenIssuer issuer) : ITokenGrant
{
    public string GrantType => "client_credentials";

    public async Task<IResult> HandleAsync(TokenContext context)
    {
        if (!context.Authority.IsTenantSpecific)
        {
            return new AadErrorResult(AadErrors.GrantNeedsTenant(GrantType));
        }

        var (acr, clientError) = clients.Authenticate(context.Http.Request, context.Form, context.Client, publicAllowed: false);
        if (clientError is not null)
        {
            return new AadErrorResult(clientError);
        }

        var scope = context["scope"];
        if (scope is null)
        {
            return new AadErrorResult(AadErrors.MissingParameter("scope"));
        }

        var items = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (items.Length != 1 || !items[0].EndsWith("/.default", StringComparison.Ordinal))
        {
            return new AadErrorResult(AadErrors.ClientCredentialsNeedDefault(scope));
        }

        var permission = QualifiedPermission.Parse(items[0]);
        var tenant = context.Authority.Tenant!;
        var resource = await directory.FindResourceAsync(permission.Resource, context.Aborted);
        if (resource is null || await directory.FindServicePrincipalAsync(tenant.Id, resource.AppId, context.Aborted) is null)
        {
            return new AadErrorResult(AadErrors.ResourceNotFound(permission.Resource, tenant.Id.ToString()));
        }

        if (FirstPartyApplications.IsDelegatedOnly(resource.AppId))
        {
            return new AadErrorResult(AadErrors.AppOnlyNotSupported(context.Client.AppId, context.Client.DisplayName, permission.Resource));
        }

        var clientPrincipal = await directory.FindServicePrincipalAsync(tenant.Id, context.Client.AppId, context.Aborted);
        if (clientPrincipal is null)
        {
            return new AadErrorResult(AadErrors.ClientNotFound(context.Client.AppId.ToString(), tenant.Id.ToString()));
        }

        if (!clientPrincipal.AccountEnabled)
        {
            return new AadErrorResult(AadErrors.AppDisabled(context.Client.AppId, context.Client.DisplayName));
        }

        var roles = await directory.GetAssignedAppRolesAsync(tenant.Id, context.Client.AppId, resource.AppId, context.Aborted);
        var token = await issuer.CreateAppAccessTokenAsync(
            new AppAccessTokenRequest(context.Origin, tenant.Id, context.Client, clientPrincipal.Id, resource, permission.Resource, roles, acr!),
            context.Aborted);
        context.Http.Response.Headers.CacheControl = "no-store, no-cache";
        return Results.Json(
            new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = token.ExpiresIn,
                ["ext_expires_in"] = token.ExpiresIn,
                ["access_token"] = token.Token,
            },
            LoginJson.Options);
    }
}

using Switchboard.Directory;
using Switchboard.Login.Clients;
using Switchboard.Login.Errors;
using Switchboard.Login.Scopes;
using Switchboard.Login.Tokens;

namespace Switchboard.Login.Grants;

/// <summary>
/// On-behalf-of (<c>urn:ietf:params:oauth:grant-type:jwt-bearer</c>): a middle tier trades the user's
/// token for its own API for a token to a downstream resource (Contoso's server → ACS).
/// </summary>
internal sealed class OnBehalfOfGrant(ClientAuthenticator clients, IEntraTokenValidator validator, ScopeResolver scopes, IDirectory directory, UserTokenResponder responder, TimeProvider time) : ITokenGrant
{
    public string GrantType => "urn:ietf:params:oauth:grant-type:jwt-bearer";

    public async Task<IResult> HandleAsync(TokenContext context)
    {
        var assertion = context["assertion"];
        if (assertion is null)
        {
            return new AadErrorResult(AadErrors.MissingParameter("assertion"));
        }

        if (context["requested_token_use"] != "on_behalf_of")
        {
            return new AadErrorResult(AadErrors.MissingParameter("requested_token_use"));
        }

        var (acr, clientError) = clients.Authenticate(context.Http.Request, context.Form, context.Client, publicAllowed: false);
        if (clientError is not null)
        {
            return new AadErrorResult(clientError);
        }

        var validation = await validator.ValidateAsync(assertion, context.Aborted);
        if (!validation.IsValid)
        {
            return new AadErrorResult(validation.Failure == EntraTokenFailure.Expired ? AadErrors.AssertionExpired() : AadErrors.AssertionInvalid(validation.Detail ?? "invalid"));
        }

        var token = validation.Token!;
        var audience = token.GetPayloadValue<string>("aud");
        var client = context.Client;
        if (audience != client.AppId.ToString() && !client.IdentifierUris.Any(u => string.Equals(u.TrimEnd('/'), audience.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            return new AadErrorResult(AadErrors.AssertionWrongAudience(client.AppId));
        }

        if (!token.TryGetPayloadValue<string>("scp", out _) || !token.TryGetPayloadValue<string>("oid", out var oid) || !Guid.TryParse(oid, out var userId))
        {
            return new AadErrorResult(AadErrors.AssertionNotUserToken());
        }

        var user = await directory.GetUserAsync(userId, context.Aborted);
        var tenant = user is null ? null : await directory.GetTenantAsync(user.TenantId, context.Aborted);
        if (user is null || tenant is null)
        {
            return new AadErrorResult(AadErrors.AssertionInvalid("The user of the assertion no longer exists."));
        }

        var userError = SignInRules.CheckUser(context.Authority, user, client);
        if (userError is not null)
        {
            return new AadErrorResult(userError);
        }

        var (request, scopeError) = await scopes.ResolveAsync(context["scope"], context.TenantName, context.Aborted);
        if (request is null)
        {
            return new AadErrorResult(scopeError!);
        }

        return await responder.RespondAsync(context, new UserGrant(user, tenant, request, acr!, time.GetUtcNow(), IsPublic: false, IsSpa: false));
    }
}

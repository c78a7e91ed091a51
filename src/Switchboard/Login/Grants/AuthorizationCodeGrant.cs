using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Clients;
using Switchboard.Login.Errors;
using Switchboard.Login.Scopes;
using Switchboard.Login.Storage;

namespace Switchboard.Login.Grants;

/// <summary><c>authorization_code</c>, with PKCE and Entra's single-page-app origin rules.</summary>
internal sealed class AuthorizationCodeGrant(GrantStore grants, ClientAuthenticator clients, ScopeResolver scopes, IDirectory directory, UserTokenResponder responder) : ITokenGrant
{
    public string GrantType => "authorization_code";

    public async Task<IResult> HandleAsync(TokenContext context)
    {
        var code = context["code"];
        var redirectUri = context["redirect_uri"];
        if (code is null || redirectUri is null)
        {
            return new AadErrorResult(AadErrors.MissingParameter(code is null ? "code" : "redirect_uri"));
        }

        var (record, error) = await grants.RedeemCodeAsync(code, context.Aborted);
        if (record is null)
        {
            return new AadErrorResult(error!);
        }

        error = CheckCodeBinding(context, record, redirectUri)
            ?? CheckOrigin(context, record)
            ?? CheckVerifier(context["code_verifier"], record);
        if (error is not null)
        {
            return new AadErrorResult(error);
        }

        var publicPlatform = record.Platform is RedirectPlatforms.PublicClient or RedirectPlatforms.Spa;
        var (acr, clientError) = clients.Authenticate(context.Http.Request, context.Form, context.Client, publicPlatform);
        if (clientError is not null)
        {
            return new AadErrorResult(clientError);
        }

        var user = await directory.GetUserAsync(record.UserId, context.Aborted);
        var tenant = await directory.GetTenantAsync(record.TenantId, context.Aborted);
        if (user is null || tenant is null)
        {
            return new AadErrorResult(AadErrors.CodeInvalid());
        }

        var (request, scopeError) = await scopes.ResolveAsync(context["scope"] ?? record.Scope, context.TenantName, context.Aborted);
        if (request is null)
        {
            return new AadErrorResult(scopeError!);
        }

        return await responder.RespondAsync(
            context,
            new UserGrant(user, tenant, request, acr!, record.AuthTime, acr == "0", record.Platform == RedirectPlatforms.Spa, record.Nonce, record.SessionId),
            allowSeveralResources: true);
    }

    private static AadError? CheckCodeBinding(TokenContext context, AuthorizationCodeRecord record, string redirectUri)
    {
        if (record.ClientId != context.Client.AppId)
        {
            return AadErrors.CodeForOtherClient();
        }

        if (context.Authority.IsTenantSpecific && context.Authority.Tenant!.Id != record.TenantId)
        {
            return AadErrors.CodeForOtherTenant();
        }

        return string.Equals(record.RedirectUri, redirectUri, StringComparison.Ordinal) ? null : AadErrors.CodeRedirectMismatch();
    }

    /// <summary>Codes issued to a single-page app are redeemed from the browser (with an Origin); others never are.</summary>
    private static AadError? CheckOrigin(TokenContext context, AuthorizationCodeRecord record)
    {
        var hasOrigin = !string.IsNullOrEmpty(context.Http.Request.Headers.Origin);
        if (record.Platform == RedirectPlatforms.Spa && !hasOrigin)
        {
            return AadErrors.SpaRedemptionNeedsOrigin();
        }

        return record.Platform != RedirectPlatforms.Spa && hasOrigin ? AadErrors.CrossOriginOnlyForSpa() : null;
    }

    private static AadError? CheckVerifier(string? verifier, AuthorizationCodeRecord record)
    {
        if (record.CodeChallenge is null)
        {
            return null;
        }

        if (verifier is null)
        {
            return AadErrors.PkceVerifierMismatch() with { Check = "PkceVerifierPresent" };
        }

        var computed = record.CodeChallengeMethod == "S256"
            ? Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(record.CodeChallenge))
            ? null
            : AadErrors.PkceVerifierMismatch();
    }
}

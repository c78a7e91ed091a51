using Microsoft.Extensions.Options;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Consent;
using Switchboard.Login.Errors;
using Switchboard.Login.Scopes;
using Switchboard.Login.Storage;
using Switchboard.Login.Tokens;

namespace Switchboard.Login.Grants;

/// <summary>How a user grant ended up authorised: who, for which client, and how the client authenticated.</summary>
internal sealed record UserGrant(
    DirectoryUser User,
    Tenant Tenant,
    ScopeRequest Scopes,
    string ClientAuthentication,
    DateTimeOffset AuthTime,
    bool IsPublic,
    bool IsSpa,
    string? Nonce = null,
    Guid? SessionId = null,
    RefreshTokenRecord? Rotated = null);

/// <summary>
/// The success response of every user flow: access token for one resource, id token when
/// <c>openid</c> was asked, a rotated refresh token when <c>offline_access</c> was, and <c>client_info</c>.
/// Consent is checked here, at issue time, so revoked consent stops refreshes too.
/// </summary>
internal sealed class UserTokenResponder(
    IDirectory directory,
    ConsentEvaluator consent,
    TokenIssuer issuer,
    GrantStore grants,
    TimeProvider time,
    IOptions<LoginOptions> options)
{
    public async Task<IResult> RespondAsync(TokenContext context, UserGrant grant, bool allowSeveralResources = false)
    {
        var scopes = grant.Scopes;
        if (!allowSeveralResources && scopes.Resources.Count > 1)
        {
            return new AadErrorResult(AadErrors.MultipleResources(scopes.Raw));
        }

        // Check: EnabledUser — a user disabled after sign-in gets nothing more.
        if (!grant.User.AccountEnabled)
        {
            return new AadErrorResult(AadErrors.UserDisabled());
        }

        var evaluation = await consent.EvaluateAsync(grant.User, grant.Tenant, context.Client, scopes, context.Aborted);
        if (evaluation.Error is not null)
        {
            return new AadErrorResult(evaluation.Error);
        }

        if (!evaluation.Satisfied)
        {
            return new AadErrorResult(AadErrors.ConsentRequired(context.Client.AppId, context.Client.DisplayName, evaluation.MissingText));
        }

        var (resource, audience, scp, responseScope) = await ResolveResourceAsync(context, scopes, evaluation);
        if (resource is null)
        {
            return new AadErrorResult(AadErrors.ResourceNotFound(FirstPartyApplications.GraphResource, context.TenantName));
        }

        var access = await issuer.CreateUserAccessTokenAsync(
            new UserAccessTokenRequest(context.Origin, grant.User, grant.Tenant.Id, context.Client, resource, audience, scp, grant.ClientAuthentication, grant.AuthTime, context.Http.Connection.RemoteIpAddress?.ToString()),
            context.Aborted);

        var body = new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = responseScope,
            ["expires_in"] = access.ExpiresIn,
            ["ext_expires_in"] = access.ExpiresIn,
            ["access_token"] = access.Token,
        };

        if (scopes.OfflineAccess || grant.Rotated is not null)
        {
            var now = time.GetUtcNow();
            var settings = options.Value;
            var record = new RefreshTokenRecord
            {
                Id = "",
                FamilyId = grant.Rotated?.FamilyId ?? Guid.NewGuid(),
                ClientId = context.Client.AppId,
                UserId = grant.User.Id,
                TenantId = grant.Tenant.Id,
                Scope = grant.Rotated?.Scope ?? scopes.Raw,
                IsPublic = grant.IsPublic,
                IsSpa = grant.IsSpa,
                AuthTime = grant.AuthTime,
                CreatedAt = now,
                // A single-page app's refresh tokens keep the family's fixed 24 hours; others slide.
                ExpiresAt = grant.IsSpa ? grant.Rotated?.ExpiresAt ?? now + settings.SpaRefreshTokenLifetime : now + settings.RefreshTokenLifetime,
            };
            body["refresh_token"] = await grants.CreateRefreshTokenAsync(record, context.Aborted);
            if (grant.IsSpa)
            {
                body["refresh_token_expires_in"] = (int)(record.ExpiresAt - now).TotalSeconds;
            }
        }

        if (scopes.OpenId || grant.Rotated is not null)
        {
            var id = await issuer.CreateIdTokenAsync(context.Origin, grant.User, grant.Tenant.Id, context.Client, grant.Nonce, grant.SessionId, context.Aborted);
            body["id_token"] = id.Token;
        }

        body["client_info"] = TokenIssuer.ClientInfo(grant.User);
        context.Http.Response.Headers.CacheControl = "no-store, no-cache";
        context.Http.Response.Headers.Pragma = "no-cache";
        return Results.Json(body, LoginJson.Options);
    }

    private async Task<(Application? Resource, string Audience, IReadOnlyList<string> Scp, string ResponseScope)> ResolveResourceAsync(
        TokenContext context, ScopeRequest scopes, ConsentEvaluation evaluation)
    {
        var primary = scopes.Primary;
        if (primary is null)
        {
            // Only OpenID Connect scopes: Entra issues a Microsoft Graph token carrying them.
            var graph = await directory.FindResourceAsync(FirstPartyApplications.GraphResource, context.Aborted);
            var oidc = scopes.Oidc.Where(s => s != "offline_access").ToList();
            return (graph, FirstPartyApplications.GraphAppId.ToString(), oidc, string.Join(' ', oidc));
        }

        var scp = evaluation.GrantedAfterConsent[primary.Resource.AppId];
        var audience = primary.RequestedAs.TrimEnd('/');
        return (primary.Resource, audience, scp, string.Join(' ', primary.Qualified(scp)));
    }
}

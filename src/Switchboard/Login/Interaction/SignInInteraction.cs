using Microsoft.AspNetCore.Antiforgery;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Consent;
using Switchboard.Login.Errors;
using Switchboard.Login.Pages;
using Switchboard.Login.Scopes;
using Switchboard.Login.Storage;

namespace Switchboard.Login.Interaction;

/// <summary>
/// The steps a person goes through in the browser, shared by authorize, device login and admin
/// consent (entra-oauth.md §3): session or credentials → account checks → consent → done. Each POST
/// carries an antiforgery token and re-runs every check, so no step can be skipped by posting to it.
/// </summary>
internal sealed partial class SignInInteraction(
    IDirectory directory,
    SessionStore sessions,
    ConsentEvaluator consent,
    IAntiforgery antiforgery,
    ILogger<SignInInteraction> logger)
{
    public async Task<InteractionOutcome> RunAsync(HttpContext http, InteractionRequest request)
    {
        IFormCollection? form = null;
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType)
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Page(LoginPages.Message("Please try again", "This page expired or was opened from another site. Start signing in again from the app.", 400));
            }
        }

        var action = form?["action"].ToString();
        var session = await sessions.FindAsync(http);
        var user = session is null ? null : await directory.GetUserAsync(session.UserId, http.RequestAborted);
        if (user is not { AccountEnabled: true })
        {
            (session, user) = (null, null);
        }

        switch (action)
        {
            case "signin":
                var login = form!["login"].ToString().Trim();
                var (signedIn, failure) = await AuthenticateAsync(login, form["passwd"].ToString(), request, http.RequestAborted);
                if (signedIn is null)
                {
                    return Page(SignInPage(http, request, login, failure));
                }

                user = signedIn;
                session = await sessions.CreateAsync(http, user);
                SignedIn(logger, user.Id, request.Client.AppId);
                break;
            case "switch":
                return Page(SignInPage(http, request, null, null));
            case "continue" or "accept" or "cancel":
                if (user is null)
                {
                    return Page(SignInPage(http, request, request.LoginHint, null));
                }

                break;
            default:
                if (request.Prompt == "none" && user is null)
                {
                    return new InteractionOutcome.Failed(AadErrors.LoginRequired());
                }

                var hintMismatch = user is not null && !string.IsNullOrEmpty(request.LoginHint)
                    && !string.Equals(request.LoginHint, user.UserPrincipalName, StringComparison.OrdinalIgnoreCase);
                if (user is null || request.Prompt == "login" || hintMismatch)
                {
                    return Page(SignInPage(http, request, request.LoginHint, null));
                }

                if (request.Prompt == "select_account" || request.Kind == InteractionKind.DeviceCode)
                {
                    return Page(LoginPages.AccountPicker(Target(http, request), request.Client.DisplayName, user.DisplayName, user.UserPrincipalName));
                }

                break;
        }

        var accountError = SignInRules.CheckUser(request.Authority, user, request.Client);
        var tenant = await directory.GetTenantAsync(user.TenantId, http.RequestAborted);
        if (accountError is not null || tenant is null)
        {
            return new InteractionOutcome.Failed(accountError ?? AadErrors.UserNotFound(user.UserPrincipalName, request.Authority.Segment));
        }

        return request.Kind == InteractionKind.AdminConsent
            ? await AdminConsentAsync(http, request, action, form, user, tenant, session!)
            : await ConsentAsync(http, request, action, form, user, tenant, session!);
    }

    private async Task<InteractionOutcome> ConsentAsync(HttpContext http, InteractionRequest request, string? action, IFormCollection? form, DirectoryUser user, Tenant tenant, SessionRecord session)
    {
        var scopes = request.Scopes!;
        var evaluation = await consent.EvaluateAsync(user, tenant, request.Client, scopes, http.RequestAborted);
        if (evaluation.Error is not null)
        {
            return new InteractionOutcome.Failed(evaluation.Error);
        }

        var adminPrompt = request.Prompt == "admin_consent";
        var forced = request.Prompt == "consent" || adminPrompt;
        switch (action)
        {
            case "accept":
                var forTenant = evaluation.IsAdmin && form!["consent_org"] == "true";
                // Check: UserMayConsent — without the admin's checkbox, consent is the user's own and must be allowed.
                if (!forTenant && (!evaluation.UserMayConsent || adminPrompt))
                {
                    return new InteractionOutcome.Failed(NeedsAdmin(request, evaluation));
                }

                await consent.RecordAsync(user, tenant, request.Client, scopes, forTenant, http.RequestAborted);
                ConsentGranted(logger, user.Id, request.Client.AppId, forTenant);
                return new InteractionOutcome.Completed(user, tenant, session);
            case "cancel":
                return new InteractionOutcome.Declined();
        }

        if (evaluation.Satisfied && !forced)
        {
            return new InteractionOutcome.Completed(user, tenant, session);
        }

        if (request.Prompt == "none")
        {
            return new InteractionOutcome.Failed(AadErrors.ConsentRequiredOnAuthorize(request.Client.AppId, request.Client.DisplayName, evaluation.MissingText));
        }

        if (!evaluation.IsAdmin && (!evaluation.UserMayConsent || adminPrompt))
        {
            return new InteractionOutcome.Failed(NeedsAdmin(request, evaluation));
        }

        var lines = PermissionLines(request.Client, scopes, evaluation, listAll: forced || evaluation.Missing.Count == 0);
        var publisher = await directory.GetTenantAsync(request.Client.HomeTenantId, http.RequestAborted);
        return Page(LoginPages.Consent(
            Target(http, request), request.Client.DisplayName, publisher?.DisplayName ?? "unknown", user.UserPrincipalName, lines,
            offerOrganization: evaluation.IsAdmin, organizationRequired: evaluation.IsAdmin && (!evaluation.UserMayConsent || adminPrompt), adminConsent: false));
    }

    private async Task<InteractionOutcome> AdminConsentAsync(HttpContext http, InteractionRequest request, string? action, IFormCollection? form, DirectoryUser user, Tenant tenant, SessionRecord session)
    {
        var isAdmin = user.TenantId != FirstPartyApplications.ConsumersTenantId && user.Roles.Any(DirectoryRoles.MayConsentForTenant.Contains);
        if (!isAdmin)
        {
            return new InteractionOutcome.Failed(AadErrors.AdminApprovalRequired(request.Client.AppId, request.Client.DisplayName,
                "Only a Global Administrator, Privileged Role Administrator, Application Administrator or Cloud Application Administrator can grant consent for the organization."));
        }

        foreach (var required in request.Client.RequiredResourceAccess)
        {
            if (await directory.FindServicePrincipalAsync(tenant.Id, required.ResourceAppId, http.RequestAborted) is null)
            {
                var resource = await directory.FindApplicationAsync(required.ResourceAppId, http.RequestAborted);
                return new InteractionOutcome.Failed(AadErrors.ResourceServicePrincipalMissing(required.ResourceAppId, resource?.DisplayName ?? "", tenant.Id));
            }
        }

        switch (action)
        {
            case "accept":
                await consent.RecordAdminConsentAsync(tenant, request.Client, http.RequestAborted);
                ConsentGranted(logger, user.Id, request.Client.AppId, true);
                return new InteractionOutcome.Completed(user, tenant, session);
            case "cancel":
                return new InteractionOutcome.Declined();
        }

        var lines = new List<PermissionLine>();
        foreach (var required in request.Client.RequiredResourceAccess)
        {
            var resource = await directory.FindApplicationAsync(required.ResourceAppId, http.RequestAborted);
            lines.AddRange(required.Scopes.Select(v => new PermissionLine(resource?.Scopes.FirstOrDefault(s => s.Value == v)?.AdminConsentDisplayName ?? v, resource?.DisplayName ?? "", v)));
            lines.AddRange(required.Roles.Select(v => new PermissionLine((resource?.AppRoles.FirstOrDefault(r => r.Value == v)?.DisplayName ?? v) + " (application permission)", resource?.DisplayName ?? "", v)));
        }

        var publisher = await directory.GetTenantAsync(request.Client.HomeTenantId, http.RequestAborted);
        return Page(LoginPages.Consent(Target(http, request), request.Client.DisplayName, publisher?.DisplayName ?? "unknown", user.UserPrincipalName, lines,
            offerOrganization: false, organizationRequired: false, adminConsent: true));
    }

    private async Task<(DirectoryUser? User, string? Error)> AuthenticateAsync(string login, string password, InteractionRequest request, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrEmpty(login) ? null : await directory.FindUserAsync(login, cancellationToken);
        if (user is null)
        {
            PasswordHasher.VerifyAgainstDecoy(password);
            return (null, AadErrors.UserNotFound(login, request.Authority.Tenant?.DisplayName ?? request.Authority.Segment).Headline);
        }

        if (!PasswordHasher.Verify(password, user.PasswordHash))
        {
            SignInFailed(logger, user.Id, 50126);
            return (null, AadErrors.InvalidPassword().Headline);
        }

        if (!user.AccountEnabled)
        {
            SignInFailed(logger, user.Id, 50057);
            return (null, AadErrors.UserDisabled().Headline);
        }

        return (user, null);
    }

    private static AadError NeedsAdmin(InteractionRequest request, ConsentEvaluation evaluation)
        => AadErrors.AdminApprovalRequired(request.Client.AppId, request.Client.DisplayName, evaluation.UserMayConsent
            ? "An administrator must give this consent for the organization."
            : "Users of this organization cannot consent to it themselves, or a permission it asks for needs an administrator.");

    private static List<PermissionLine> PermissionLines(Application client, ScopeRequest scopes, ConsentEvaluation evaluation, bool listAll)
    {
        var lines = new List<PermissionLine>();
        if (listAll)
        {
            foreach (var resource in scopes.Resources)
            {
                var values = resource.IsDefault
                    ? client.RequiredResourceAccess.Where(r => r.ResourceAppId == resource.Resource.AppId).SelectMany(r => r.Scopes)
                    : resource.Values;
                lines.AddRange(resource.Resource.Scopes.Where(s => values.Contains(s.Value)).Select(s => Line(resource.Resource, s)));
            }
        }
        else
        {
            lines.AddRange(evaluation.Missing.SelectMany(m => m.Scopes.Select(s => Line(m.Resource, s))));
        }

        if (evaluation.MissingOidc || listAll)
        {
            if (scopes.Oidc.Contains("openid") || scopes.Oidc.Contains("profile"))
            {
                lines.Add(new PermissionLine("Sign you in and view your basic profile", "Microsoft Graph", "openid profile"));
            }

            if (scopes.OfflineAccess)
            {
                lines.Add(new PermissionLine("Maintain access to data you have given it access to", "Microsoft Graph", "offline_access"));
            }
        }

        return lines;

        static PermissionLine Line(Application resource, PermissionScope scope)
            => new(scope.UserConsentDisplayName ?? scope.AdminConsentDisplayName, resource.DisplayName, scope.Value);
    }

    private HtmlPage SignInPage(HttpContext http, InteractionRequest request, string? login, string? error)
        => LoginPages.SignIn(Target(http, request), request.Client.DisplayName, login, error);

    private FormTarget Target(HttpContext http, InteractionRequest request)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var hidden = new Dictionary<string, string>(request.Hidden ?? new Dictionary<string, string>()) { [tokens.FormFieldName] = tokens.RequestToken! };
        return new FormTarget(request.FormAction, hidden);
    }

    private static InteractionOutcome.ShowPage Page(IResult page) => new(page);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "User {UserId} signed in to app {AppId}.")]
    private static partial void SignedIn(ILogger logger, Guid userId, Guid appId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Sign-in of user {UserId} failed with AADSTS{Code}.")]
    private static partial void SignInFailed(ILogger logger, Guid userId, int code);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "User {UserId} consented to app {AppId} (for the tenant: {ForTenant}).")]
    private static partial void ConsentGranted(ILogger logger, Guid userId, Guid appId, bool forTenant);

}

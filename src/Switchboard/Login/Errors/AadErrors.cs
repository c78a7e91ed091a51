using System.Globalization;

namespace Switchboard.Login.Errors;

/// <summary>
/// The one catalog of AADSTS errors Switchboard emits. Texts follow Entra's reference-error-codes
/// (people search for them); <c>check</c> names the Switchboard rule. Tests assert codes from here.
/// </summary>
internal static class AadErrors
{
    // Request shape
    public static AadError MissingParameter(string name) =>
        New(900144, "invalid_request", $"The request body must contain the following parameter: '{name}'.", "RequiredParameter");

    public static AadError MalformedRequest(string detail) =>
        New(9002313, "invalid_request", $"Invalid request. Request is malformed or invalid. {detail}", "WellFormedRequest");

    public static AadError UnsupportedGrantType(string grantType) =>
        New(70003, "unsupported_grant_type", $"The app requested an unsupported grant type '{grantType}'.", "SupportedGrantType");

    public static AadError UnsupportedResponseType(string responseType) =>
        New(700051, "unsupported_response_type", $"response_type '{responseType}' is not enabled for the application.", "SupportedResponseType");

    public static AadError InvalidResponseMode(string mode) =>
        New(900144, "invalid_request", $"The provided value '{mode}' for the input parameter 'response_mode' is not valid. Expected values are 'query', 'fragment' or 'form_post'.", "SupportedResponseMode");

    // Tenants and authorities
    public static AadError TenantNotFound(string tenant) =>
        New(90002, "invalid_tenant", $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.", "KnownTenant");

    public static AadError GrantNeedsTenant(string grantType) =>
        New(9001023, "invalid_request", $"The grant type '{grantType}' is not supported over the /common, /organizations or /consumers endpoints. Please use a tenant-specific endpoint.", "TenantSpecificAuthorityForGrant");

    public static AadError PasswordGrantOnCommon() =>
        New(9001023, "invalid_request", "The grant type provided is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.", "OrganizationsAuthorityForPassword");

    public static AadError OrgAppOnConsumers(Guid appId, string name) =>
        New(9002332, "invalid_request", $"Application '{appId}'({name}) is configured for use by Azure Active Directory users only. Please do not use the /consumers endpoint to serve this request.", "AppAllowsPersonalAccounts");

    // Clients
    public static AadError ClientNotFound(string clientId, string tenant) =>
        New(700016, "unauthorized_client", $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.", "KnownClient");

    public static AadError NotMultiTenant(Guid appId, string name) =>
        New(50194, "invalid_request", $"Application '{appId}'({name}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.", "MultiTenantAppForCommonAuthority");

    public static AadError AppDisabled(Guid appId, string name) =>
        New(7000112, "unauthorized_client", $"Application '{appId}'({name}) is disabled.", "EnabledServicePrincipal");

    public static AadError RedirectUriMismatch(string redirectUri, Guid appId, string name) =>
        New(50011, "invalid_request", $"The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{appId}'({name}). Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.", "RegisteredRedirectUri");

    public static AadError InvalidClientSecret(Guid appId) =>
        New(7000215, "invalid_client", $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{appId}'.", "ValidClientSecret", 401);

    public static AadError ExpiredClientSecret(Guid appId) =>
        New(7000222, "invalid_client", $"The provided client secret keys for app '{appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.", "UnexpiredClientSecret", 401);

    public static AadError MissingClientCredential() =>
        New(7000218, "invalid_client", "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", "ConfidentialClientCredential", 401);

    public static AadError PublicClientWithCredential() =>
        New(700025, "invalid_client", "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.", "PublicClientSendsNoCredential", 401);

    public static AadError ClientAssertionNotAccepted(Guid appId) =>
        New(700027, "invalid_client", $"Client assertion failed signature validation: app '{appId}' has no certificate credentials registered in Switchboard. Use a client secret.", "ClientAssertion", 401);

    public static AadError PublicClientFlowsDisabled(Guid appId, string name) =>
        New(7000218, "invalid_client", $"The request body must contain the following parameter: 'client_assertion' or 'client_secret'. Application '{appId}'({name}) does not allow public client flows.", "PublicClientFlowsAllowed", 401);

    // Scopes, resources, consent
    public static AadError InvalidScope(string scope, string reason) =>
        New(70011, "invalid_scope", $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid. {reason}", "KnownScope");

    public static AadError ScopeEmpty() =>
        New(28003, "invalid_scope", "Provided value for the input parameter scope cannot be empty when requesting an access token. Please specify a valid scope.", "NonEmptyScope");

    public static AadError MultipleResources(string scope) =>
        New(28000, "invalid_scope", $"Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.", "OneResourcePerToken");

    public static AadError ClientCredentialsNeedDefault(string scope) =>
        New(1002012, "invalid_scope", $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", "DefaultScopeForClientCredentials");

    public static AadError ResourceNotFound(string resource, string tenant) =>
        New(500011, "invalid_resource", $"The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.", "ResourceServicePrincipalPresent");

    public static AadError ResourceServicePrincipalMissing(Guid resourceAppId, string resourceName, Guid tenantId) =>
        New(650052, "invalid_client", $"The app is trying to access a service '{resourceAppId}'({resourceName}) that your organization '{tenantId}' lacks a service principal for. Contact your IT Admin to review the configuration of your service subscriptions or consent to the application in order to create the required service principal.", "ResourceServicePrincipalPresent");

    public static AadError ConsentRequired(Guid appId, string name, string missing) =>
        New(65001, "invalid_grant", $"The user or administrator has not consented to use the application with ID '{appId}' named '{name}'. Send an interactive authorization request for this user and resource. Missing: {missing}.", "ConsentGranted", subError: "consent_required");

    public static AadError ConsentRequiredOnAuthorize(Guid appId, string name, string missing) =>
        ConsentRequired(appId, name, missing) with { Error = "consent_required", SubError = null };

    public static AadError UserDeclinedConsent() =>
        New(65004, "access_denied", "User declined to consent to access the app.", "UserAcceptedConsent");

    public static AadError AdminApprovalRequired(Guid appId, string name, string reason) =>
        New(90094, "access_denied", $"The grant requires admin permission. '{name}' ({appId}) needs permission to access resources in your organization that only an admin can grant. {reason}", "UserMayConsent");

    public static AadError PersonalAccountScope(string scope) =>
        InvalidScope(scope, "This permission is not supported for personal Microsoft accounts.") with { Check = "PermissionSupportsPersonalAccounts" };

    public static AadError AppOnlyNotSupported(Guid appId, string name, string resource) =>
        New(501051, "invalid_grant", $"Application '{appId}'({name}) is not assigned to a role for the application '{resource}'. The resource has no application permissions: it accepts only delegated tokens for a signed-in user.", "ResourceAcceptsAppOnlyTokens");

    // Users
    public static AadError UserNotFound(string upn, string tenant) =>
        New(50034, "invalid_grant", $"The user account {upn} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory.", "KnownUser");

    public static AadError InvalidPassword() =>
        New(50126, "invalid_grant", "Error validating credentials due to invalid username or password.", "ValidPassword");

    public static AadError UserDisabled() =>
        New(50057, "invalid_grant", "The user account is disabled.", "EnabledUser");

    public static AadError UserNotInTenant(string upn, string tenant, Guid appId, string appName) =>
        New(50020, "invalid_request", $"User account '{upn}' from identity provider 'https://sts.windows.net/{tenant}/' does not exist in tenant '{tenant}' and cannot access the application '{appId}'({appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.", "UserInAuthorityTenant");

    public static AadError PersonalAccountNotSupported(string upn) =>
        New(500200, "invalid_request", $"User account '{upn}' is a personal Microsoft account. Personal Microsoft accounts are not supported for this application unless explicitly invited to an organization. Try signing out and signing back in with an organizational account.", "AppAllowsPersonalAccounts");

    public static AadError LoginRequired() =>
        New(50058, "login_required", "A silent sign-in request was sent but no user is signed in.", "SessionPresent");

    // Codes and refresh tokens
    public static AadError CodeInvalid() =>
        New(70000, "invalid_grant", "The provided value for the 'code' parameter is not valid.", "KnownCode");

    public static AadError CodeRedeemed() =>
        New(54005, "invalid_grant", "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.", "CodeNotRedeemed");

    public static AadError CodeExpired() =>
        New(70008, "invalid_grant", "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.", "CodeNotExpired");

    public static AadError CodeForOtherTenant() =>
        New(700005, "invalid_grant", "Provided Authorization Code is intended to use against other tenant, thus rejected.", "CodeTenant");

    public static AadError CodeForOtherClient() =>
        New(70000, "invalid_grant", "The provided value for the 'code' parameter is not valid. The code was issued to another client.", "CodeClient");

    public static AadError CodeRedirectMismatch() =>
        New(50011, "invalid_grant", "The redirect URI in the token request does not match the one used in the authorization request.", "CodeRedirectUri");

    public static AadError PkceRequired() =>
        New(9002325, "invalid_request", "Proof Key for Code Exchange is required for cross-origin authorization code redemption. Switchboard also requires it (S256) for public clients.", "PkceForPublicClients");

    public static AadError PkceMethodUnsupported(string method) =>
        New(900144, "invalid_request", $"The code_challenge_method '{method}' is not supported. Use 'S256' or 'plain'.", "PkceMethod");

    public static AadError PkceVerifierMismatch() =>
        New(501481, "invalid_grant", "The Code_Verifier does not match the code_challenge supplied in the authorization request.", "PkceVerifier");

    public static AadError SpaRedemptionNeedsOrigin() =>
        New(9002327, "invalid_request", "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.", "SpaOrigin");

    public static AadError CrossOriginOnlyForSpa() =>
        New(9002326, "invalid_request", "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type.", "CrossOriginClientType");

    public static AadError RefreshTokenInvalid() =>
        New(70000, "invalid_grant", "The provided grant is invalid or malformed.", "KnownRefreshToken");

    public static AadError RefreshTokenExpired() =>
        New(70008, "invalid_grant", "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.", "RefreshTokenNotExpired");

    public static AadError RefreshTokenRevoked(string reason) =>
        New(50173, "invalid_grant", $"The provided grant has expired due to it being revoked, a fresh auth token is needed. {reason}", "RefreshTokenNotRevoked");

    public static AadError SpaRefreshTokenExpired() =>
        New(700084, "invalid_grant", "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page.", "SpaRefreshTokenLifetime");

    public static AadError RefreshTokenForOtherClient() =>
        New(70000, "invalid_grant", "The provided grant is invalid or malformed. The refresh token was issued to another client.", "RefreshTokenClient");

    // Device code
    public static AadError AuthorizationPending() =>
        New(70016, "authorization_pending", "OAuth 2.0 device flow error. Authorization is pending. Continue polling.", "DeviceCodeApproved");

    public static AadError DeviceCodeDeclined() =>
        New(70000, "authorization_declined", "The user declined the authorization request.", "DeviceCodeNotDeclined");

    public static AadError BadVerificationCode() =>
        New(70018, "bad_verification_code", "Invalid verification code entered.", "KnownDeviceCode");

    public static AadError DeviceCodeExpired() =>
        New(70019, "expired_token", "Verification code expired.", "DeviceCodeNotExpired");

    public static AadError DeviceCodeAlreadyUsed() =>
        New(90120, "invalid_grant", "The device code has already been redeemed or the request was already authorized or declined.", "DeviceCodeNotRedeemed");

    // On-behalf-of
    public static AadError AssertionInvalid(string reason) =>
        New(50013, "invalid_grant", $"Assertion failed signature validation. [Reason - {reason}]", "ValidAssertion");

    public static AadError AssertionExpired() =>
        New(500133, "invalid_grant", "Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token.", "AssertionLifetime");

    public static AadError AssertionWrongAudience(Guid appId) =>
        New(50027, "invalid_grant", $"Invalid JWT token. The assertion's audience is not the application '{appId}' that presented it.", "AssertionAudience");

    public static AadError AssertionNotUserToken() =>
        New(50013, "invalid_grant", "Assertion failed signature validation. [Reason - The on-behalf-of flow needs a token issued to a user; app-only tokens cannot be exchanged.]", "AssertionIsUserToken");

    private static AadError New(int code, string error, string message, string check, int status = 400, string? subError = null)
        => new(code, error, message, check, status, subError);

    public static string ErrorPath(int code) => "/error?code=" + code.ToString(CultureInfo.InvariantCulture);
}

namespace Switchboard.Communication.Errors;

/// <summary>
/// The one catalog of identity-service errors. Rows marked "service" reproduce the real service's
/// texts (acs-identity.md §4.4); the others are Switchboard's choices where the service is silent,
/// listed in docs/communication.md.
/// </summary>
internal static class AcsErrors
{
    // Request shape
    public static AcsError MissingApiVersion() =>
        new(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");

    /// <summary>service</summary>
    public static AcsError UnsupportedApiVersion(string uri, string version) =>
        new(400, "UnsupportedApiVersion", $"The HTTP resource that matches the request URI '{uri}' does not support the API version '{version}'.");

    public static AcsError InvalidBody(string detail) =>
        new(400, "InvalidRequestBody", $"The request body is not valid JSON for this operation: {detail}");

    // Caller authentication
    public static AcsError MissingAuthorization() =>
        new(401, "Denied", "The request has no Authorization header. Sign it with an access key (HMAC-SHA256) or send an Entra bearer token.");

    public static AcsError MalformedHmacHeader() =>
        new(401, "Denied", "The Authorization header must be 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<base64>'.");

    /// <summary>service</summary>
    public static AcsError ContentHashMismatch() =>
        new(401, "Denied", "Request 'x-ms-content-sha256' differs from generated content hash.");

    public static AcsError DateOutsideWindow(TimeSpan window) =>
        new(401, "Denied", $"Request 'x-ms-date' is missing or more than {window.TotalMinutes:0} minutes away from the server's time.");

    public static AcsError SignatureMismatch() =>
        new(401, "Denied", "The HMAC-SHA256 signature does not match an access key of any communication resource.");

    public static AcsError BearerInvalid(string detail) =>
        new(401, "InvalidAuthenticationToken", $"The bearer token is not valid: {detail}");

    public static AcsError BearerWrongAudience() =>
        new(401, "InvalidAuthenticationToken", "The bearer token's audience must be 'https://communication.azure.com'.");

    public static AcsError NoRoleAssignment(string principal) =>
        new(403, "AuthorizationFailed", $"The principal '{principal}' has no role assignment on a communication resource.");

    public static AcsError AmbiguousResource() =>
        new(400, "ResourceNotSpecified", "The principal has role assignments on several communication resources; name one with the 'x-switchboard-resource' header (its id or name).");

    public static AcsError OwnerRoleRequired() =>
        new(403, "AuthorizationFailed", "Regenerating keys needs the Owner role on the resource.");

    // Identities and tokens
    /// <summary>service</summary>
    public static AcsError ExpiresInMinutesInvalid(int value) =>
        new(400, "ValidationError", $"ExpiresInMinutes value {value} is invalid. Value must be within the [60, 1440] interval.", "ExpiresInMinutes");

    /// <summary>service</summary>
    public static AcsError ScopesRequired() =>
        new(400, "ValidationError", "Scopes: The Scopes field is required.", "Scopes");

    public static AcsError ScopesEmpty() =>
        new(400, "ValidationError", "Scopes: At least one scope is required.", "Scopes");

    public static AcsError UnknownScope(string scope, string version) =>
        new(400, "ValidationError", $"Scope '{scope}' is not valid for api-version {version}. Valid scopes: {string.Join(", ", AcsScopes.For(version))}.", "Scopes");

    public static AcsError IdentityNotFound(string id) =>
        new(404, "IdentityNotFound", $"Identity '{id}' was not found in this resource.");

    public static AcsError InvalidIdentity(string id) =>
        new(400, "ValidationError", $"'{id}' is not a Communication Services user id (8:acs:<resourceId>_<id>).", "id");

    public static AcsError CustomIdTooLong() =>
        new(400, "ValidationError", "CustomId must be at most 256 characters.", "customId");

    // Teams user exchange (order: required fields, formats, token, app, user, eligibility)
    /// <summary>service</summary>
    public static AcsError AppIdRequired() => new(400, "ValidationError", "AppId: The AppId field is required.", "AppId");

    /// <summary>service</summary>
    public static AcsError UserIdRequired() => new(400, "ValidationError", "UserId: The UserId field is required.", "UserId");

    /// <summary>service</summary>
    public static AcsError AppIdFormat() => new(400, "ValidationError", "Provided AppId has invalid format.", "appId");

    /// <summary>service</summary>
    public static AcsError UserIdFormat() => new(400, "ValidationError", "Provided UserId has invalid format.", "userId");

    /// <summary>service (the inner error names Switchboard's failed check).</summary>
    public static AcsError InvalidAccessToken(string check, string detail) =>
        new(401, "InvalidAccessToken", "Provided access token is not valid.", Inner: new AcsError(401, check, detail));

    /// <summary>service</summary>
    public static AcsError AppMismatch() => new(400, "ValidationError", "AAD application is not the expected one.", "appId");

    /// <summary>service</summary>
    public static AcsError UserMismatch() => new(400, "ValidationError", "Provided AAD token issued for unexpected user.", "userId");

    /// <summary>Switchboard's web app exchange (<c>POST /web/calling-token</c>) takes only its own app's tokens.</summary>
    public static AcsError NotTheWebApp(string? appId) =>
        new(403, "ApplicationNotAllowed", $"This exchange is for Switchboard's web app only; the token was issued to '{appId}'. Other apps exchange tokens at /teamsUser/:exchangeAccessToken with their resource's access key.");

    public static AcsError PersonalAccount() =>
        new(403, "PersonalAccountNotSupported", "Personal Microsoft accounts cannot be exchanged: Teams identities are work or school accounts.");

    public static AcsError TeamsNotEnabled() =>
        new(403, "TeamsLicenseRequired", "The user is not enabled for Microsoft Teams (no Teams licence).");

    public static AcsError UserDisabled() =>
        new(403, "UserDisabled", "The user's account is disabled.");

    public static AcsError ConsentMissing() =>
        new(403, "ConsentRequired", "The application has no consent for Teams.ManageCalls and Teams.ManageChats in the user's tenant (it was revoked after the token was issued).");

    public static AcsError Throttled(TimeSpan retryAfter) =>
        new(429, "TooManyRequests", $"Too many requests for this resource. Retry after {Math.Ceiling(retryAfter.TotalSeconds):0} seconds.") { RetryAfter = retryAfter };

    // Tokens presented to Switchboard's own services
    public static AcsError TokenNotValid(string detail) => new(401, "InvalidAccessToken", $"The Communication Services access token is not valid: {detail}");

    public static AcsError TokenRequired() =>
        new(401, "InvalidAccessToken", "An ACS access token is required: 'Authorization: Bearer <token>'.");

    public static AcsError VoipScopeRequired() => new(403, "InsufficientScope", "Call settings need the 'voip' scope in the token.");

    public static AcsError TeamsUserCannotCall() => new(403, "TeamsUserCannotCall", "The Teams user is disabled or has no Teams license.");

    // Call forwarding settings (Switchboard's extension, docs/forwarding.md); checked in this order
    public static AcsError ForwardingImmediateIsExclusive() =>
        new(400, "ValidationError", "'immediate' forwards every call, so 'unanswered' and 'busy' must be null when it is set.", "immediate");

    public static AcsError ForwardingTargetRequired(string rule) =>
        new(400, "ValidationError", $"'{rule}.rawId' is required: the raw id of a Teams user (8:orgid:<object id>) or an ACS identity (8:acs:<resource>_<id>).", $"{rule}.rawId");

    public static AcsError ForwardingTargetUnsupported(string rule, string rawId) =>
        new(400, "ValidationError", $"'{rule}.rawId' '{rawId}' is not a Teams user (8:orgid:<object id>) or an ACS identity (8:acs:<resource>_<id>).", $"{rule}.rawId");

    public static AcsError ForwardingToSelf(string rule) =>
        new(400, "ValidationError", $"'{rule}' cannot forward calls to the user themself.", $"{rule}.rawId");

    public static AcsError ForwardingDelayOutOfRange(int value, int min, int max) =>
        new(400, "ValidationError", $"'unanswered.afterSeconds' value {value} is invalid. Value must be within the [{min}, {max}] interval.", "unanswered.afterSeconds");

    public static AcsError ForwardingTargetNotFound(string rule, string rawId) =>
        new(404, "IdentityNotFound", $"'{rule}.rawId' '{rawId}' is neither a user of the directory nor an existing ACS identity.", $"{rule}.rawId");

    public static AcsError ForwardingTargetCannotCall(string rule, string rawId) =>
        new(400, "ValidationError", $"'{rule}.rawId' '{rawId}' cannot take calls: the account is disabled or has no Teams license.", $"{rule}.rawId");
}

namespace Switchboard.Graph;

/// <summary>
/// The one catalog of Graph errors (graph-chat.md §5). Texts marked "service" are Graph's own; the
/// others say which Switchboard check failed. Listed in docs/chat.md.
/// </summary>
internal static class GraphErrors
{
    // Authentication (401)
    /// <summary>service</summary>
    public static GraphError EmptyToken() => new(401, "InvalidAuthenticationToken", "Access token is empty.");

    public static GraphError InvalidToken(string detail) => new(401, "InvalidAuthenticationToken", $"Access token validation failure. {detail}");

    /// <summary>service</summary>
    public static GraphError WrongAudience() => new(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");

    // Authorisation (403)
    /// <summary>service</summary>
    public static GraphError MissingScopes(IEnumerable<string> required, IEnumerable<string> present) =>
        new(403, "Forbidden", $"Missing scope permissions on the request. API requires one of '{string.Join(", ", required)}'. Scopes on the request '{string.Join(", ", present)}'");

    /// <summary>service</summary>
    public static GraphError MissingRoles(IEnumerable<string> required, IEnumerable<string> present) =>
        new(403, "Forbidden", $"Missing role permissions on the request. API requires one of '{string.Join(", ", required)}'. Roles on the request '{string.Join(", ", present)}'");

    /// <summary>service: the bare form Graph answers when the caller is not in the chat.</summary>
    public static GraphError NotAMember() => new(403, "Forbidden", "Forbidden");

    public static GraphError PersonalAccount() =>
        new(403, "Forbidden", "This API is not supported for personal Microsoft accounts; sign in with a work or school account.");

    public static GraphError ApplicationNotSupported() =>
        new(403, "Forbidden", "This operation is supported only with delegated permissions on behalf of a signed-in user.");

    public static GraphError OnlyForSelf() =>
        new(403, "Forbidden", "A delegated caller can act only for itself: the user in the path or body must be the signed-in user.");

    public static GraphError OnlySender() => new(403, "Forbidden", "Only the sender of a message can change or delete it.");

    public static GraphError ExternalChatBlocked(string tenant) =>
        new(403, "Forbidden", $"Chat with users outside the organization is turned off for tenant '{tenant}'.");

    public static GraphError UserCannotChat(string user) =>
        new(403, "Forbidden", $"User '{user}' cannot chat: the account is disabled.");

    // Not found (404)
    public static GraphError ChatNotFound(string id) => new(404, "NotFound", $"Chat '{id}' was not found.");

    public static GraphError MessageNotFound(string id) => new(404, "NotFound", $"Message '{id}' was not found in the chat.");

    public static GraphError MemberNotFound(string id) => new(404, "NotFound", $"Member '{id}' was not found in the chat.");

    public static GraphError UserNotFound(string id) =>
        new(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    public static GraphError MeetingNotFound(string id) => new(404, "NotFound", $"Online meeting '{id}' was not found for the signed-in user.");

    public static GraphError SubscriptionNotFound(string id) => new(404, "ResourceNotFound", $"The object was not found: subscription '{id}'.");

    // Request shape (400)
    /// <summary>service</summary>
    public static GraphError UnknownSegment(string segment) => new(400, "BadRequest", $"Resource not found for the segment '{segment}'.");

    public static GraphError InvalidBody(string detail) => new(400, "BadRequest", $"The request body is not valid: {detail}");

    public static GraphError MissingProperty(string name) => new(400, "BadRequest", $"The property '{name}' is required.");

    public static GraphError InvalidProperty(string name, string detail) => new(400, "BadRequest", $"The property '{name}' is not valid: {detail}");

    /// <summary>service</summary>
    public static GraphError TopExceeded(int limit, string value) =>
        new(400, "BadRequest", $"The query specified in the URI is not valid. The limit of '{limit}' for Top query has been exceeded. The value from the incoming request is '{value}'.");

    public static GraphError InvalidTop(string value) => new(400, "BadRequest", $"Invalid value '{value}' for $top: a positive integer is required.");

    /// <summary>service</summary>
    public static GraphError QueryOptionNotAllowed(string option) =>
        new(400, "BadRequest", $"The query specified in the URI is not valid. Query option '{option}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.");

    public static GraphError UnknownQueryOption(string name) => new(400, "BadRequest", $"Query option '{name}' is not supported by this API.");

    /// <summary>service</summary>
    public static GraphError InvalidFilter(string detail) => new(400, "BadRequest", $"Invalid $filter query. {detail}");

    /// <summary>service</summary>
    public static GraphError FilterOperatorNotAllowed(string property, string operationKind) =>
        new(400, "BadRequest", $"The entity property '{property}' and operationKind '{operationKind}' is not allowed in $filter query.");

    public static GraphError InvalidOrderBy(string value, string allowed) =>
        new(400, "BadRequest", $"$orderby '{value}' is not supported. Supported: {allowed}.");

    public static GraphError InvalidExpand(string value, string allowed) =>
        new(400, "BadRequest", $"$expand '{value}' is not supported. Supported: {allowed}.");

    public static GraphError InvalidSkipToken() => new(400, "BadRequest", "The $skiptoken is not valid for this request; follow @odata.nextLink as given.");

    /// <summary>service</summary>
    public static GraphError SearchNeedsConsistencyLevel() =>
        new(400, "Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");

    public static GraphError InvalidSearch(string detail) => new(400, "Request_UnsupportedQuery", $"Invalid $search: {detail}");

    /// <summary>service</summary>
    public static GraphError UnsupportedRole(string role) => new(400, "BadRequest", $"The passed-in role '{role}' is not supported.");

    public static GraphError RolesRequired() => new(400, "BadRequest", "Each member needs 'roles': [\"owner\"] (or [\"guest\"] for a guest).");

    /// <summary>service</summary>
    public static GraphError InvalidODataType(string type) =>
        new(400, "BadRequest", $"The provided '{type}' for 'odata.type' is not valid for this operation.");

    public static GraphError InvalidUserBind(string value) =>
        new(400, "BadRequest", $"'user@odata.bind' must end in users('{{id or userPrincipalName}}'); got '{value}'.");

    public static GraphError InvalidChatType(string value) => new(400, "BadRequest", $"chatType '{value}' cannot be created here; use 'oneOnOne' or 'group'.");

    public static GraphError OneOnOneNeedsTwo() => new(400, "BadRequest", "A oneOnOne chat has exactly two members, the caller and one other user.");

    public static GraphError GroupNeedsMembers() => new(400, "BadRequest", "A group chat needs at least two members including the caller.");

    public static GraphError CallerNotInMembers() => new(400, "BadRequest", "The members of a new chat must include the signed-in user.");

    public static GraphError DuplicateMember(string user) => new(400, "BadRequest", $"User '{user}' is listed more than once.");

    public static GraphError TopicOnlyForGroup() => new(400, "BadRequest", "A topic can be set only on group chats.");

    public static GraphError RosterFixed() => new(400, "BadRequest", "Members can be added to or removed from group and meeting chats only; a oneOnOne chat's roster is fixed.");

    public static GraphError AlreadyMember(string user) => new(409, "Conflict", $"User '{user}' is already a member of the chat.");

    public static GraphError CannotRemoveLastMember() => new(400, "BadRequest", "The last member cannot be removed from a chat.");

    public static GraphError MessageBodyRequired() => new(400, "BadRequest", "A message needs a body with content.");

    public static GraphError MentionsNeedHtml() => new(400, "BadRequest", "A message with mentions must have an html body.");

    public static GraphError MentionNotInBody(int id) => new(400, "BadRequest", $"Mention {id} has no <at id=\"{id}\"> tag in the body.");

    public static GraphError ReadOnlyProperty(string name) => new(400, "BadRequest", $"The property '{name}' is read-only here.");

    public static GraphError SystemMessageReadOnly() => new(400, "BadRequest", "System event messages cannot be changed.");

    public static GraphError MessageDeleted() => new(400, "BadRequest", "The message is deleted; undo the soft delete first.");

    public static GraphError ReactionTypeRequired() => new(400, "BadRequest", "'reactionType' is required: a Unicode emoji or like, angry, sad, laugh, heart, surprised.");

    /// <summary>service</summary>
    public static GraphError MethodNotAllowed() => new(405, "Request_BadRequest", "Method not allowed.");

    public static GraphError TooLarge(int limit) => new(413, "RequestEntityTooLarge", $"Request Entity too large: the limit is {limit} bytes.");

    // Online meetings
    public static GraphError MeetingFilterRequired() =>
        new(400, "BadRequest", "Filter expression expected - /onlineMeetings?$filter=JoinWebUrl eq 'joinUrl' or joinMeetingIdSettings/joinMeetingId eq 'id'.");

    public static GraphError MeetingFilterUnsupported(string detail) =>
        new(400, "BadRequest", $"Unsupported $filter on onlineMeetings: {detail} Use JoinWebUrl eq '...' or joinMeetingIdSettings/joinMeetingId eq '...'.");

    public static GraphError MeetingEndsBeforeStart() => new(400, "BadRequest", "The property 'endDateTime' must be later than 'startDateTime'.");

    public static GraphError InvalidAttendee(int index, string detail) =>
        new(400, "BadRequest", $"participants.attendees[{index}]: {detail}");

    // Subscriptions
    public static GraphError UnsupportedResource(string resource) =>
        new(400, "ExtensionError", $"Operation: Create; Exception: [Status Code: BadRequest; Reason: The resource '{resource}' is not supported for change notifications by this server.]");

    public static GraphError InvalidChangeType(string value) => new(400, "InvalidRequest", $"Invalid changeType '{value}': use created, updated and/or deleted.");

    public static GraphError NotificationUrlNotAllowed(string reason) => new(400, "InvalidRequest", $"The notificationUrl is not allowed: {reason}");

    /// <summary>service</summary>
    public static GraphError LifecycleUrlRequired() =>
        new(400, "InvalidRequest", "lifecycleNotificationUrl is a required property for subscription creation on this resource when the expirationDateTime value is set to greater than 1 hour.");

    public static GraphError ExpirationInvalid(int maxMinutes) =>
        new(400, "InvalidRequest", $"expirationDateTime must be in the future and at most {maxMinutes} minutes from now.");

    public static GraphError ResourceDataNotSupported() =>
        new(400, "InvalidRequest", "includeResourceData needs an encryption certificate, which this server does not support yet; subscribe without resource data and read the message.");

    /// <summary>service</summary>
    public static GraphError ValidationTimedOut() => new(400, "InvalidRequest", "Subscription validation request timed out.");

    public static GraphError ValidationFailed(string detail) => new(400, "InvalidRequest", $"Subscription validation request failed. {detail}");

    public static GraphError NotSubscriptionOwner() => new(403, "Forbidden", "The subscription belongs to another application or user.");

    // Directory administration (users, applications, service principals, grants, policies)
    /// <summary>service: the signed-in user lacks the directory role the operation needs.</summary>
    public static GraphError InsufficientPrivileges() => new(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

    /// <summary>service</summary>
    public static GraphError DirectoryObjectNotFound(string id) =>
        new(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    /// <summary>service</summary>
    public static GraphError RequiredValueMissing(string property) => new(400, "Request_BadRequest", $"Property {property} value is required but is empty or missing.");

    /// <summary>service</summary>
    public static GraphError InvalidValue(string property) => new(400, "Request_BadRequest", $"Invalid value specified for property '{property}' of resource '{property.Split('.')[0]}'.");

    public static GraphError InvalidDirectoryValue(string property, string detail) => new(400, "Request_BadRequest", $"Invalid value specified for property '{property}': {detail}");

    /// <summary>service</summary>
    public static GraphError UnverifiedDomain() =>
        new(400, "Request_BadRequest", "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.");

    /// <summary>service</summary>
    public static GraphError WeakPassword() =>
        new(400, "Request_BadRequest", "The specified password does not comply with password complexity requirements. Please provide a different password.");

    /// <summary>service</summary>
    public static GraphError ObjectConflict(string property) =>
        new(400, "Request_BadRequest", $"Another object with the same value for property {property} already exists.");

    /// <summary>service</summary>
    public static GraphError PermissionEntryExists() => new(409, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists.");

    public static GraphError ServicePrincipalExists(string appId) =>
        new(409, "Request_MultipleObjectsWithSameKeyValue", $"The service principal for application '{appId}' already exists in this organization.");

    /// <summary>service</summary>
    public static GraphError ApplicationNotMultiTenant(string appId) =>
        new(400, "Request_BadRequest", $"The application '{appId}' is not multi-tenant and cannot have a service principal in another organization.");

    public static GraphError UnknownScope(string scope, string resource) =>
        new(400, "Request_BadRequest", $"'{scope}' is not a delegated permission of '{resource}'.");

    public static GraphError FirstPartyReadOnly() => new(403, "Authorization_RequestDenied", "Microsoft's and Switchboard's own applications cannot be changed or removed.");

    /// <summary>service</summary>
    public static GraphError RoleMemberExists() =>
        new(400, "Request_BadRequest", "One or more added object references already exist for the following modified properties: 'members'.");

    public static GraphError UnsupportedSku(string skuId) => new(400, "Request_BadRequest", $"License {skuId} does not correspond to a valid company License.");

    // Faults
    public static GraphError GeneralException() => new(500, "generalException", "An unexpected error occurred; the request id identifies it in the server log.");
}

using Switchboard.Directory.Model;

namespace Switchboard.Directory;

/// <summary>
/// Administration of the directory (the Graph directory endpoints and the admin portal behind them).
/// Callers have already checked permissions and tenancy; this only keeps the directory consistent.
/// Returned objects are detached snapshots.
/// </summary>
internal interface IDirectoryAdmin
{
    Task<(DirectoryUser? User, DirectoryFailure? Failure)> CreateUserAsync(NewUser user, CancellationToken cancellationToken);

    Task<(DirectoryUser? User, DirectoryFailure? Failure)> UpdateUserAsync(Guid id, UserChanges changes, CancellationToken cancellationToken);

    Task<bool> DeleteUserAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Adds or removes a directory role; false when nothing changed.</summary>
    Task<bool> SetRoleMemberAsync(Guid userId, Guid roleTemplateId, bool member, CancellationToken cancellationToken);

    Task SetUsersCanConsentAsync(Guid tenantId, bool allowed, CancellationToken cancellationToken);

    Task<IReadOnlyList<Application>> ListApplicationsAsync(Guid homeTenantId, CancellationToken cancellationToken);

    Task<Application?> GetApplicationAsync(Guid objectId, CancellationToken cancellationToken);

    /// <summary>Creates the registration and its service principal in the home tenant, as the portal does.</summary>
    Task<Application> CreateApplicationAsync(Guid homeTenantId, ApplicationChanges draft, CancellationToken cancellationToken);

    Task<Application?> UpdateApplicationAsync(Guid objectId, ApplicationChanges changes, CancellationToken cancellationToken);

    Task<bool> DeleteApplicationAsync(Guid objectId, CancellationToken cancellationToken);

    /// <summary>A new client secret; the text is returned here only, the directory keeps its hash.</summary>
    Task<(ClientSecret Secret, string Text)?> AddPasswordAsync(Guid objectId, string? displayName, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    Task<bool> RemovePasswordAsync(Guid objectId, Guid keyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServicePrincipal>> ListServicePrincipalsAsync(Guid tenantId, CancellationToken cancellationToken);

    Task<ServicePrincipal?> GetServicePrincipalAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The tenant's instance of an app registered anywhere ("enterprise application"); null when one exists already.</summary>
    Task<ServicePrincipal?> CreateServicePrincipalAsync(Guid tenantId, Guid appId, CancellationToken cancellationToken);

    Task<bool> DeleteServicePrincipalAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<PermissionGrant>> ListGrantsAsync(Guid tenantId, CancellationToken cancellationToken);

    Task<PermissionGrant?> GetGrantAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Null when a grant for the same client, resource, consent type and principal exists.</summary>
    Task<PermissionGrant?> CreateGrantAsync(PermissionGrant grant, CancellationToken cancellationToken);

    Task<PermissionGrant?> SetGrantScopeAsync(Guid id, string scope, CancellationToken cancellationToken);

    Task<bool> DeleteGrantAsync(Guid id, CancellationToken cancellationToken);
}

internal sealed record NewUser(Guid TenantId, string UserPrincipalName, string DisplayName, string Password, bool AccountEnabled, string? GivenName, string? Surname);

/// <summary>A PATCH of a user: null leaves a property as it is.</summary>
internal sealed record UserChanges(string? DisplayName = null, string? GivenName = null, string? Surname = null, bool? AccountEnabled = null, bool? TeamsEnabled = null, string? Password = null);

/// <summary>A POST or PATCH of an app registration: null leaves a property as it is.</summary>
internal sealed record ApplicationChanges(
    string? DisplayName = null,
    string? SignInAudience = null,
    IReadOnlyList<string>? WebRedirectUris = null,
    IReadOnlyList<string>? SpaRedirectUris = null,
    IReadOnlyList<string>? PublicClientRedirectUris = null,
    IReadOnlyList<RequiredResourceAccess>? RequiredResourceAccess = null,
    bool? IsFallbackPublicClient = null);

/// <summary>An expected refusal by the directory itself (not a permission check).</summary>
internal enum DirectoryFailure
{
    UserPrincipalNameTaken,
}

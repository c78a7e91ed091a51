using Switchboard.Directory.Model;

namespace Switchboard.Directory;

/// <summary>
/// What other services may ask of the directory. Returned objects are detached snapshots: changing
/// them changes nothing; writes go through the methods here.
/// </summary>
internal interface IDirectory
{
    Task<Tenant?> FindTenantAsync(string idOrDomain, CancellationToken cancellationToken);

    Task<Tenant?> GetTenantAsync(Guid id, CancellationToken cancellationToken);

    Task<DirectoryUser?> FindUserAsync(string userPrincipalName, CancellationToken cancellationToken);

    Task<DirectoryUser?> GetUserAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A tenant's users ordered by display name, for people pickers (Graph's <c>/users</c>).</summary>
    Task<IReadOnlyList<DirectoryUser>> ListUsersAsync(Guid tenantId, CancellationToken cancellationToken);

    /// <summary>An app registration by app (client) id, with its secrets.</summary>
    Task<Application?> FindApplicationAsync(Guid appId, CancellationToken cancellationToken);

    /// <summary>A resource by identifier URI or app id, as the first part of a scope names it.</summary>
    Task<Application?> FindResourceAsync(string identifier, CancellationToken cancellationToken);

    Task<ServicePrincipal?> FindServicePrincipalAsync(Guid tenantId, Guid appId, CancellationToken cancellationToken);

    /// <summary>Delegated scopes granted to <paramref name="clientAppId"/> for <paramref name="resourceAppId"/> in a tenant: for everyone plus for this user.</summary>
    Task<IReadOnlySet<string>> GetGrantedScopesAsync(Guid tenantId, Guid clientAppId, Guid resourceAppId, Guid userId, CancellationToken cancellationToken);

    /// <summary>Whether anyone in the tenant (or this user) has consented to the client at all.</summary>
    Task<bool> HasAnyGrantAsync(Guid tenantId, Guid clientAppId, Guid userId, CancellationToken cancellationToken);

    /// <summary>Application permissions (app role values) assigned to the client for the resource.</summary>
    Task<IReadOnlyList<string>> GetAssignedAppRolesAsync(Guid tenantId, Guid clientAppId, Guid resourceAppId, CancellationToken cancellationToken);

    /// <summary>Records consent: creates the client's service principal when missing and appends scopes to the grant.</summary>
    Task GrantDelegatedAsync(DelegatedConsent consent, CancellationToken cancellationToken);

    Task GrantAppRolesAsync(Guid tenantId, Guid clientAppId, Guid resourceAppId, IEnumerable<string> roles, CancellationToken cancellationToken);
}

/// <summary>One consent decision: a client gets scopes of a resource, for one user or (<see cref="PrincipalId"/> null) for the tenant.</summary>
internal sealed record DelegatedConsent(Guid TenantId, Guid ClientAppId, Guid ResourceAppId, IReadOnlyCollection<string> Scopes, Guid? PrincipalId);

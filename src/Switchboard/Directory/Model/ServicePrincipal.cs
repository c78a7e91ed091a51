namespace Switchboard.Directory.Model;

/// <summary>An app's instance in one tenant ("enterprise application"); consent hangs off it.</summary>
internal sealed class ServicePrincipal
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid AppId { get; set; }

    public required string DisplayName { get; set; }

    public bool AccountEnabled { get; set; } = true;

    public bool AppRoleAssignmentRequired { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Delegated consent (<c>oAuth2PermissionGrant</c>): one row per client, resource, consent type and principal.</summary>
internal sealed class PermissionGrant
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Object id of the client's service principal, as in Graph.</summary>
    public Guid ClientId { get; set; }

    /// <summary>Object id of the resource's service principal.</summary>
    public Guid ResourceId { get; set; }

    /// <summary><see cref="ConsentTypes"/>.</summary>
    public required string ConsentType { get; set; }

    /// <summary>The user for <c>Principal</c> grants; null for <c>AllPrincipals</c>.</summary>
    public Guid? PrincipalId { get; set; }

    /// <summary>Space-separated scope values.</summary>
    public required string Scope { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal static class ConsentTypes
{
    public const string AllPrincipals = "AllPrincipals";
    public const string Principal = "Principal";
}

/// <summary>An application permission granted to a client's service principal.</summary>
internal sealed class AppRoleAssignment
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid PrincipalId { get; set; }

    public Guid ResourceId { get; set; }

    public Guid AppRoleId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

namespace Switchboard.Communication.Model;

/// <summary>An Azure Communication Services resource: its immutable id and two access keys.</summary>
internal sealed class CommunicationResource
{
    /// <summary>The immutable resource id; ACS user ids embed it (<c>8:acs:{id}_{local}</c>).</summary>
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The tenant that owns the resource (Contoso, the publisher).</summary>
    public Guid TenantId { get; set; }

    /// <summary>Base64 of 64 random bytes; the SDKs base64-decode it into the HMAC key. Kept as is: HMAC needs it.</summary>
    public required string PrimaryKey { get; set; }

    public required string SecondaryKey { get; set; }

    public string DataLocation { get; set; } = "unitedstates";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An ACS identity (<c>8:acs:{resource}_{localId}</c>).</summary>
internal sealed class CommunicationUser
{
    public Guid ResourceId { get; set; }

    /// <summary>The part after <c>{resource}_</c>: a GUID-like string with no <c>_</c> and no <c>:</c>.</summary>
    public required string LocalId { get; set; }

    /// <summary>The caller's own id for the user (2025-03-02-preview); unique per resource.</summary>
    public string? CustomId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastTokenIssuedAt { get; set; }

    /// <summary>
    /// Bumped by <c>:revokeAccessTokens</c>; tokens carry the value they were issued under (<c>rev</c>),
    /// so every token from before a revoke is refused and every token after it works, even within a second.
    /// </summary>
    public int Revocation { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// Who may call a resource with an Entra token instead of a key: an app (client credentials) or a
/// user of a tenant, by object id. Role <c>Contributor</c> uses the identity API; <c>Owner</c> may also
/// regenerate keys. Switchboard's stand-in for an Azure RBAC assignment on the resource.
/// </summary>
internal sealed class CommunicationRoleAssignment
{
    public Guid Id { get; set; }

    public Guid ResourceId { get; set; }

    public Guid PrincipalTenantId { get; set; }

    /// <summary>An app id (app tokens carry it as <c>appid</c>/<c>azp</c>) or a user's object id (<c>oid</c>).</summary>
    public Guid PrincipalId { get; set; }

    public required string Role { get; set; }
}

internal static class CommunicationRoles
{
    public const string Contributor = "Contributor";
    public const string Owner = "Owner";

    /// <summary>A caller that signed with an access key: the whole data plane, but not key management.</summary>
    public const string KeyHolder = "KeyHolder";
}

namespace Switchboard.Login.Storage;

internal sealed class AuthorizationCodeRecord
{
    /// <summary>SHA-256 of the code; the code itself is never stored.</summary>
    public required string Id { get; set; }

    public Guid ClientId { get; set; }

    public Guid UserId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The <c>{tenant}</c> segment the code was issued under (a GUID, domain, common or organizations).</summary>
    public required string Authority { get; set; }

    public required string RedirectUri { get; set; }

    public required string Platform { get; set; }

    public required string Scope { get; set; }

    public string? CodeChallenge { get; set; }

    public string? CodeChallengeMethod { get; set; }

    public string? Nonce { get; set; }

    public Guid SessionId { get; set; }

    public DateTimeOffset AuthTime { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RedeemedAt { get; set; }
}

internal sealed class RefreshTokenRecord
{
    /// <summary>SHA-256 of the token.</summary>
    public required string Id { get; set; }

    /// <summary>Every token rotated from one sign-in shares a family; replaying a used token revokes it whole.</summary>
    public Guid FamilyId { get; set; }

    public Guid ClientId { get; set; }

    public Guid UserId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The scope of the request that started the family, used when a refresh names none.</summary>
    public required string Scope { get; set; }

    /// <summary>Issued to a public client (no secret needed to redeem) or a single-page app.</summary>
    public bool IsPublic { get; set; }

    public bool IsSpa { get; set; }

    public DateTimeOffset AuthTime { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RedeemedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class DeviceCodeRecord
{
    /// <summary>SHA-256 of the device code.</summary>
    public required string Id { get; set; }

    /// <summary>What the person types, e.g. <c>GXKQ7TPLM</c>; unique while pending.</summary>
    public required string UserCode { get; set; }

    public Guid ClientId { get; set; }

    public required string Authority { get; set; }

    public required string Scope { get; set; }

    public required string Status { get; set; }

    public Guid? UserId { get; set; }

    public Guid? TenantId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

internal static class DeviceCodeStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Declined = "declined";
    public const string Redeemed = "redeemed";
}

/// <summary>A browser's single sign-on session (the cookie holds its random id; the table its hash).</summary>
internal sealed class SessionRecord
{
    public required string Id { get; set; }

    /// <summary>The public session id, the <c>sid</c> claim of id tokens.</summary>
    public Guid Sid { get; set; }

    public Guid UserId { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset AuthTime { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
}

namespace Switchboard.Directory.Model;

internal sealed class DirectoryUser
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Unique across the directory, compared case-insensitively (stored lower case in <see cref="NormalizedUpn"/>).</summary>
    public required string UserPrincipalName { get; set; }

    public required string NormalizedUpn { get; set; }

    public required string DisplayName { get; set; }

    public string? GivenName { get; set; }

    public string? Surname { get; set; }

    /// <summary>PBKDF2 hash in the format of <see cref="PasswordHasher"/>; never the password.</summary>
    public required string PasswordHash { get; set; }

    public bool AccountEnabled { get; set; } = true;

    /// <summary>Licensed for Teams: the ACS token exchange and calling require it.</summary>
    public bool TeamsEnabled { get; set; }

    /// <summary>Directory role template ids (<see cref="DirectoryRoles"/>).</summary>
    public List<Guid> Roles { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

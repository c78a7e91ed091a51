namespace Switchboard.Directory.Model;

internal sealed class Tenant
{
    public Guid Id { get; set; }

    /// <summary>The verified domain (<c>fabrikam.test</c>), unique, stored lower case.</summary>
    public required string Domain { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>Entra's "Allow user consent for apps"; off means only admins can consent.</summary>
    public bool UsersCanConsent { get; set; } = true;

    /// <summary>Teams' external access: off means this tenant's users cannot chat or call with other tenants' users.</summary>
    public bool ExternalChatAllowed { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}

namespace Switchboard.Login;

/// <summary>Lifetimes and key rotation of the sign-in service; defaults are Entra's.</summary>
internal sealed record LoginOptions
{
    public const string Section = "Login";

    /// <summary>Access tokens live a random 60 to 90 minutes, as Entra's do (access-tokens.md).</summary>
    public TimeSpan AccessTokenLifetimeMin { get; init; } = TimeSpan.FromMinutes(60);

    public TimeSpan AccessTokenLifetimeMax { get; init; } = TimeSpan.FromMinutes(90);

    public TimeSpan IdTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Refresh tokens of single-page apps have a fixed 24 hour life (AADSTS700084 after).</summary>
    public TimeSpan SpaRefreshTokenLifetime { get; init; } = TimeSpan.FromHours(24);

    public TimeSpan AuthorizationCodeLifetime { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan DeviceCodeLifetime { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan DeviceCodePollingInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the browser's single sign-on session lasts.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromDays(1);

    /// <summary>A new signing key takes over this often.</summary>
    public TimeSpan KeyRotationInterval { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A key is published this long before it signs anything: validators refresh their key cache about
    /// once a day, so they know the next key before the first token signed with it arrives.
    /// </summary>
    public TimeSpan KeyPublishLead { get; init; } = TimeSpan.FromDays(2);

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);
}

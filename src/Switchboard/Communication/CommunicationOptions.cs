namespace Switchboard.Communication;

internal sealed record CommunicationOptions
{
    public const string Section = "Communication";

    /// <summary>How far <c>x-ms-date</c> may be from the server's clock (the window of Azure's HMAC schemes).</summary>
    public TimeSpan HmacDateWindow { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>ACS tokens' keys rotate like the sign-in service's.</summary>
    public TimeSpan KeyRotationInterval { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan KeyPublishLead { get; init; } = TimeSpan.FromDays(2);

    public ThrottleOptions Throttling { get; init; } = new();
}

/// <summary>Per-resource limits, the documented ACS defaults (service-limits.md): requests per window.</summary>
internal sealed record ThrottleOptions
{
    public bool Enabled { get; init; } = true;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    public int CreateIdentity { get; init; } = 1000;

    public int IssueToken { get; init; } = 1000;

    public int ExchangeTeamsToken { get; init; } = 500;

    public int RevokeTokens { get; init; } = 500;

    public int DeleteIdentity { get; init; } = 1000;

    public int GetIdentity { get; init; } = 1000;
}

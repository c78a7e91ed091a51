namespace Switchboard.Chat;

/// <summary>The chat service's settings (section <c>Chat</c>).</summary>
internal sealed record ChatOptions
{
    public const string Section = "Chat";

    public WebhookOptions Webhooks { get; init; } = new();
}

/// <summary>Where and how change notifications are sent (section <c>Chat:Webhooks</c>).</summary>
internal sealed record WebhookOptions
{
    /// <summary>Graph requires https; any https host is allowed unless <see cref="AllowedHosts"/> narrows it.</summary>
    public List<string>? AllowedHosts { get; init; }

    /// <summary>Plain http to 127.0.0.1, ::1 or localhost, for development. Turn off in production.</summary>
    public bool AllowLoopbackHttp { get; init; } = true;

    /// <summary>Https to loopback and private addresses; off would keep subscribers from probing the server's network.</summary>
    public bool AllowPrivateHttps { get; init; } = true;

    /// <summary>Graph gives the receiver 10 seconds to echo the validation token.</summary>
    public TimeSpan ValidationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one delivery may take before it counts as failed.</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits between attempts (about four hours in all, like Graph); after the last one the notification
    /// is reported as <c>missed</c>. Null until configured, so a configured list replaces the default
    /// instead of being appended to it.
    /// </summary>
    public List<TimeSpan>? RetryDelays { get; init; }

    public IReadOnlyList<TimeSpan> Delays => RetryDelays ??
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1)];

    /// <summary>Graph's limit for Teams chat messages: 4,320 minutes (3 days).</summary>
    public int MaxLifetimeMinutes { get; init; } = 4320;

    /// <summary>How often expired subscriptions are removed and <c>reauthorizationRequired</c> is sent.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxConcurrentDeliveries { get; init; } = 32;
}

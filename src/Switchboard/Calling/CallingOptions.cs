namespace Switchboard.Calling;

/// <summary>The calling service's settings (section <c>Calling</c>).</summary>
internal sealed record CallingOptions
{
    public const string Section = "Calling";

    /// <summary>How long endpoints ring before the call ends with 487/10004.</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dropped endpoint keeps its calls, waiting to resume.</summary>
    public TimeSpan ReconnectGrace { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often a connected agent's token is checked again (expiry, revocation, deleted identity).</summary>
    public TimeSpan TokenCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>STUN/TURN servers handed to clients as they are (<c>urls</c>, <c>username</c>, <c>credential</c>).</summary>
    public List<IceServerOptions>? IceServers { get; init; }

    public TurnOptions Turn { get; init; } = new();

    /// <summary>From this many participants a call's media is meant to move to the SFU topology (not built yet: every call is mesh).</summary>
    public int SfuThreshold { get; init; } = 5;
}

internal sealed record IceServerOptions
{
    public List<string> Urls { get; init; } = [];

    public string? Username { get; init; }

    public string? Credential { get; init; }
}

/// <summary>coturn's TURN REST credentials (<c>use-auth-secret</c>, <c>static-auth-secret</c>).</summary>
internal sealed record TurnOptions
{
    /// <summary>The shared secret; when set, every agent gets time-limited credentials for <see cref="Urls"/>.</summary>
    public string? Secret { get; init; }

    public List<string> Urls { get; init; } = [];

    public TimeSpan CredentialLifetime { get; init; } = TimeSpan.FromHours(12);
}

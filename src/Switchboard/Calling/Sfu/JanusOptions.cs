namespace Switchboard.Calling.Sfu;

/// <summary>How the server reaches Janus (section <c>Calling:Janus</c>).</summary>
internal sealed record JanusOptions
{
    /// <summary><c>off</c> (no SFU: every call is peer to peer), <c>launch</c> (the server runs its own Janus) or <c>connect</c> (a Janus someone else runs).</summary>
    public JanusMode Mode { get; init; } = JanusMode.Off;

    /// <summary>Connect mode: the HTTP API root, e.g. <c>http://127.0.0.1:8088/janus</c>. Keep Janus on loopback or a private network.</summary>
    public string? Url { get; init; }

    /// <summary>Janus's <c>api_secret</c>, sent on every request. Launch mode generates one when empty.</summary>
    public string? ApiSecret { get; init; }

    /// <summary>The VideoRoom <c>admin_key</c>, so only this server creates rooms. Launch mode generates one when empty.</summary>
    public string? AdminKey { get; init; }

    /// <summary>Launch mode: the Janus binary.</summary>
    public string Executable { get; init; } = "/usr/bin/janus";

    /// <summary>Launch mode: the folder holding Janus's <c>plugins</c> and <c>transports</c>; empty means the Debian layout (<c>/usr/lib/&lt;triplet&gt;/janus</c>).</summary>
    public string? LibraryFolder { get; init; }

    /// <summary>Launch mode: UDP ports Janus uses for media, <c>min-max</c>.</summary>
    public string RtpPortRange { get; init; } = "20000-40000";

    /// <summary>Participants from which a call goes through the SFU instead of peer to peer.</summary>
    public int SfuThreshold { get; init; } = 4;

    /// <summary>VideoRoom <c>audio_level_average</c>: the average audio level (dBov: 0 loudest, 127 silence) under which a publisher counts as talking.</summary>
    public int TalkingLevel { get; init; } = 25;

    /// <summary>VideoRoom <c>audio_active_packets</c>: over how many audio packets (20 ms each) the level is averaged.</summary>
    public int TalkingPackets { get; init; } = 50;

    /// <summary>How long a request to Janus may take before it counts as lost.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Keepalive period for Janus sessions (Janus drops a session after 60 s of silence).</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Launch mode: how long Janus may take to answer <c>GET /janus/info</c> after it starts.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}

internal enum JanusMode
{
    Off,
    Launch,
    Connect,
}

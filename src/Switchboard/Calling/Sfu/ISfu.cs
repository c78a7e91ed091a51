namespace Switchboard.Calling.Sfu;

/// <summary>
/// The SFU (selective forwarding unit) a group call's media goes through. Only the server talks to it:
/// browsers exchange SDP and ICE with the server, which relays them here, so they never see Janus, its
/// handles or its secrets.
/// </summary>
/// <remarks>
/// Expected failures (Janus refused, timed out, went away) come back as <see cref="SfuResult{T}"/> values;
/// exceptions mean a bug. The server decides per call whether to use it (<see cref="JanusOptions.SfuThreshold"/>).
/// </remarks>
internal interface ISfu
{
    /// <summary>Whether an SFU is configured and currently reachable; when false, calls stay peer to peer.</summary>
    bool IsAvailable { get; }

    /// <summary>Participants from which a call should go through the SFU.</summary>
    int Threshold { get; }

    /// <summary>
    /// Creates a room for the call: a VideoRoom with opus and VP8, enough publisher slots, audio-level events
    /// (for <see cref="SfuTalking"/>) and a random secret and pin known only to this server.
    /// </summary>
    Task<SfuResult<ISfuRoom>> OpenRoomAsync(string callId, CancellationToken cancellationToken);
}

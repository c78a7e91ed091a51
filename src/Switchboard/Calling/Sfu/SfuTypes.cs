using System.Text.Json;

namespace Switchboard.Calling.Sfu;

/// <summary>Which of a participant's two PeerConnections with the SFU.</summary>
internal enum SfuLink
{
    Publisher,
    Subscriber,
}

internal enum SfuMediaKind
{
    Audio,
    Video,
}

/// <summary>An SFU offer for a participant's subscriber PeerConnection and what each m-line carries.</summary>
internal sealed record SfuOffer(string Sdp, IReadOnlyList<SfuStream> Streams);

/// <summary>One m-line of a subscriber offer: whose feed it carries and what it is (<see cref="Description"/> as published, e.g. <c>"screen"</c>).</summary>
internal sealed record SfuStream(string Mid, string FeedParticipantKey, SfuMediaKind Kind, string? Description);

/// <summary>A publishing participant and its streams (by the publisher's own mids).</summary>
internal sealed record SfuFeed(string ParticipantKey, string Display, IReadOnlyList<SfuFeedStream> Streams);

internal sealed record SfuFeedStream(string Mid, SfuMediaKind Kind, string? Description);

/// <summary>What happens in a room, for the call's owner to act on.</summary>
internal abstract record SfuEvent;

/// <summary>Publishers came or went: call <see cref="ISfuRoom.UpdateSubscriptionAsync"/> for the subscribers.</summary>
internal sealed record SfuFeedsChanged(IReadOnlyList<SfuFeed> Feeds, IReadOnlyList<string> Added, IReadOnlyList<string> Removed) : SfuEvent;

/// <summary>A publisher started or stopped talking (VideoRoom <c>talking</c> / <c>stopped-talking</c>).</summary>
internal sealed record SfuTalking(string ParticipantKey, bool IsTalking) : SfuEvent;

/// <summary>A link's media is flowing (Janus <c>webrtcup</c>).</summary>
internal sealed record SfuMediaUp(string ParticipantKey, SfuLink Link) : SfuEvent;

/// <summary>A link's PeerConnection closed (Janus <c>hangup</c>, e.g. DTLS alert or ICE failed).</summary>
internal sealed record SfuMediaDown(string ParticipantKey, SfuLink Link, string? Reason) : SfuEvent;

/// <summary>An ICE candidate from the SFU for the browser (<c>RTCIceCandidateInit</c> as JSON), or <c>null</c> when the SFU finished gathering.</summary>
internal sealed record SfuCandidate(string ParticipantKey, SfuLink Link, JsonElement? Candidate) : SfuEvent;

/// <summary>Janus died, restarted or stopped answering: the room and all its links are gone.</summary>
internal sealed record SfuLost(string Reason) : SfuEvent;

internal enum SfuErrorCode
{
    /// <summary>No SFU is configured or it is not reachable now.</summary>
    Unavailable,

    /// <summary>The room was closed or lost with Janus.</summary>
    RoomClosed,

    /// <summary>Janus refused the request (see <see cref="SfuError.JanusCode"/>).</summary>
    Refused,

    /// <summary>Janus did not answer in time.</summary>
    Timeout,

    /// <summary>The participant has not published, subscribed or joined.</summary>
    UnknownParticipant,

    /// <summary>There is no other publisher to subscribe to.</summary>
    NoFeeds,

    /// <summary>The subscription already matches the room's feeds.</summary>
    NoChange,
}

/// <summary>An expected SFU failure. <see cref="JanusCode"/> is Janus's or the VideoRoom's error code when Janus answered.</summary>
internal sealed record SfuError(SfuErrorCode Code, string Message, int? JanusCode = null);

/// <summary>A value or an <see cref="SfuError"/>.</summary>
internal readonly record struct SfuResult<T>
{
    private readonly T? value;

    private SfuResult(T? value, SfuError? error)
    {
        this.value = value;
        Error = error;
    }

    public SfuError? Error { get; }

    public bool IsSuccess => Error is null;

    /// <summary>The value; reading it from a failed result is a bug.</summary>
    public T Value => Error is null ? value! : throw new InvalidOperationException($"The SFU request failed: {Error.Code} {Error.Message}");

    public static SfuResult<T> Ok(T value) => new(value, null);

    public static SfuResult<T> Fail(SfuError error) => new(default, error);

    public static SfuResult<T> Fail(SfuErrorCode code, string message, int? janusCode = null) => new(default, new SfuError(code, message, janusCode));

    public static implicit operator SfuResult<T>(SfuError error) => Fail(error);

    /// <summary>The same failure as another result's, for passing errors up.</summary>
    public SfuResult<TOther> Cast<TOther>() => SfuResult<TOther>.Fail(Error ?? throw new InvalidOperationException("Only a failure can be cast."));
}

using System.Text.Json;
using System.Threading.Channels;

namespace Switchboard.Calling.Sfu;

/// <summary>
/// One call's room on the SFU. Every participant has up to two PeerConnections with it: a <b>publisher</b>
/// (the browser offers its camera, microphone and screen share; the SFU answers) and a <b>subscriber</b>
/// (the SFU offers every other participant's streams in one multistream PeerConnection; the browser answers).
/// </summary>
/// <remarks>
/// <para>Flow for one participant: <see cref="PublishAsync"/> (browser offer → SFU answer), then
/// <see cref="SubscribeAsync"/> (SFU offer) → <see cref="AnswerSubscriberAsync"/> (browser answer). ICE
/// candidates go both ways with <see cref="TrickleAsync"/> and <see cref="SfuCandidate"/>.</para>
/// <para>When feeds appear or leave, <see cref="Events"/> yields <see cref="SfuFeedsChanged"/>; the server then
/// calls <see cref="UpdateSubscriptionAsync"/> for each subscribed participant and relays the new offer,
/// whose answer goes back through <see cref="AnswerSubscriberAsync"/>. Calls for one participant must not
/// overlap (the server serialises them per participant); different participants may run in parallel.</para>
/// <para>When Janus dies or restarts, the room is gone: <see cref="Events"/> yields <see cref="SfuLost"/>,
/// every later call answers <see cref="SfuErrorCode.RoomClosed"/>, and the server falls back or ends the call.</para>
/// </remarks>
internal interface ISfuRoom : IAsyncDisposable
{
    string CallId { get; }

    /// <summary>The room's events, in the order Janus sent them. One reader (the call's owner).</summary>
    ChannelReader<SfuEvent> Events { get; }

    /// <summary>The participants currently publishing, with their streams.</summary>
    IReadOnlyList<SfuFeed> Feeds { get; }

    /// <summary>
    /// Joins as a publisher and publishes the browser's offer; returns the SFU's answer. <paramref name="descriptions"/>
    /// labels streams by mid (e.g. <c>"camera"</c>, <c>"screen"</c>) so subscribers can tell a screen share from a camera.
    /// </summary>
    Task<SfuResult<string>> PublishAsync(string participantKey, string display, string offerSdp, IReadOnlyDictionary<string, string>? descriptions, CancellationToken cancellationToken);

    /// <summary>Renegotiates a publisher (a track added or removed, e.g. screen share on or off); returns the SFU's answer.</summary>
    Task<SfuResult<string>> RepublishAsync(string participantKey, string offerSdp, IReadOnlyDictionary<string, string>? descriptions, CancellationToken cancellationToken);

    /// <summary>
    /// Subscribes the participant to every other publisher's streams in one PeerConnection; returns the SFU's offer.
    /// <see cref="SfuErrorCode.NoFeeds"/> when nobody else publishes yet (subscribe on the next <see cref="SfuFeedsChanged"/>).
    /// </summary>
    Task<SfuResult<SfuOffer>> SubscribeAsync(string participantKey, CancellationToken cancellationToken);

    /// <summary>The browser's answer to the latest subscriber offer (Janus's <c>start</c>).</summary>
    Task<SfuResult<bool>> AnswerSubscriberAsync(string participantKey, string answerSdp, CancellationToken cancellationToken);

    /// <summary>
    /// Brings the participant's subscription in line with <see cref="Feeds"/>: new feeds added, gone feeds dropped.
    /// Returns the SFU's renegotiation offer, <see cref="SfuErrorCode.NoChange"/> when already in line, or the
    /// first offer when the participant had no subscription yet.
    /// </summary>
    Task<SfuResult<SfuOffer>> UpdateSubscriptionAsync(string participantKey, CancellationToken cancellationToken);

    /// <summary>A browser ICE candidate (an <c>RTCIceCandidateInit</c> as JSON) for one of its links; <c>null</c> means gathering completed.</summary>
    Task<SfuResult<bool>> TrickleAsync(string participantKey, SfuLink link, JsonElement? candidate, CancellationToken cancellationToken);

    /// <summary>The participant leaves: its feeds go away (others get <see cref="SfuFeedsChanged"/>) and both its links close.</summary>
    Task<SfuResult<bool>> LeaveAsync(string participantKey, CancellationToken cancellationToken);
}

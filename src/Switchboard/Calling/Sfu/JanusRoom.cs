using System.Text.Json;
using System.Threading.Channels;

namespace Switchboard.Calling.Sfu;

/// <summary>
/// A call's VideoRoom: one Janus session holding a control handle plus, per participant, a publisher handle
/// and a multistream subscriber handle. Janus's room events reach every publisher handle, so the feed list
/// and talking state are kept here and events are raised on change only.
/// </summary>
internal sealed partial class JanusRoom : ISfuRoom
{
    private static readonly TimeSpan AutoUpdateWait = TimeSpan.FromSeconds(2);

    private readonly JanusSession session;
    private readonly long control;
    private readonly string secret;
    private readonly string pin;
    private readonly ILogger logger;
    private readonly Channel<SfuEvent> events = Channel.CreateUnbounded<SfuEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock gate = new();
    private readonly Dictionary<string, Member> members = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Member> membersByFeed = [];
    private readonly SortedDictionary<long, SfuFeed> feeds = [];
    private long lastFeedId;
    private int closed;

    public JanusRoom(string callId, long roomId, string secret, string pin, JanusSession session, long control, ILogger logger)
    {
        CallId = callId;
        RoomId = roomId;
        this.secret = secret;
        this.pin = pin;
        this.session = session;
        this.control = control;
        this.logger = logger;
        session.Lost += OnLost;
    }

    public string CallId { get; }

    /// <summary>The VideoRoom's numeric id (tests ask Janus whether it still exists).</summary>
    public long RoomId { get; }

    public ChannelReader<SfuEvent> Events => events.Reader;

    public IReadOnlyList<SfuFeed> Feeds
    {
        get
        {
            lock (gate)
            {
                return [.. feeds.Values];
            }
        }
    }

    private bool IsClosed => Volatile.Read(ref closed) == 1;

    public async Task<SfuResult<string>> PublishAsync(string participantKey, string display, string offerSdp, IReadOnlyDictionary<string, string>? descriptions, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return Closed<string>();
        }

        var member = MemberFor(participantKey, display);
        if (member.Publisher is not null)
        {
            return SfuResult<string>.Fail(SfuErrorCode.Refused, "The participant already publishes; renegotiate with RepublishAsync.");
        }

        var handle = await session.AttachAsync(m => OnPublisherEvent(member, m), cancellationToken);
        if (!handle.IsSuccess)
        {
            return handle.Cast<string>();
        }

        member.Publisher = handle.Value;
        var joined = Plugin(await session.MessageAsync(handle.Value, new PublisherJoin(RoomId, member.FeedId, display, pin), null, cancellationToken));
        if (!joined.IsSuccess)
        {
            await DropHandleAsync(member, SfuLink.Publisher);
            return joined.Cast<string>();
        }

        var published = await ConfigureAsync(member, "publish", offerSdp, descriptions, cancellationToken);
        if (!published.IsSuccess)
        {
            await DropHandleAsync(member, SfuLink.Publisher);
        }

        Log.Published(logger, CallId, participantKey, published.IsSuccess);
        return published;
    }

    public async Task<SfuResult<string>> RepublishAsync(string participantKey, string offerSdp, IReadOnlyDictionary<string, string>? descriptions, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return Closed<string>();
        }

        return Find(participantKey) is { Publisher: not null } member
            ? await ConfigureAsync(member, "configure", offerSdp, descriptions, cancellationToken)
            : SfuResult<string>.Fail(SfuErrorCode.UnknownParticipant, "The participant does not publish.");
    }

    public async Task<SfuResult<SfuOffer>> SubscribeAsync(string participantKey, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return Closed<SfuOffer>();
        }

        var member = MemberFor(participantKey, participantKey);
        if (member.Subscriber is not null)
        {
            return await UpdateSubscriptionAsync(participantKey, cancellationToken);
        }

        var wanted = Wanted(member);
        if (wanted.Count == 0)
        {
            return SfuResult<SfuOffer>.Fail(SfuErrorCode.NoFeeds, "Nobody else publishes yet.");
        }

        var handle = await session.AttachAsync(m => OnSubscriberEvent(member, m), cancellationToken);
        if (!handle.IsSuccess)
        {
            return handle.Cast<SfuOffer>();
        }

        member.Subscriber = handle.Value;
        var streams = wanted.Select(w => new FeedRef(w.Feed, w.Mid)).ToList();
        var reply = await session.MessageAsync(handle.Value, new SubscriberJoin(RoomId, pin, streams), null, cancellationToken);
        var attached = Offer(member, reply);
        if (!attached.IsSuccess)
        {
            await DropHandleAsync(member, SfuLink.Subscriber);
        }

        return attached;
    }

    public async Task<SfuResult<bool>> AnswerSubscriberAsync(string participantKey, string answerSdp, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return Closed<bool>();
        }

        if (Find(participantKey) is not { Subscriber: { } handle })
        {
            return SfuResult<bool>.Fail(SfuErrorCode.UnknownParticipant, "The participant has no subscription.");
        }

        var started = Plugin(await session.MessageAsync(handle, new SimpleRequest("start"), new JanusJsep("answer", answerSdp), cancellationToken));
        return started.IsSuccess ? SfuResult<bool>.Ok(true) : started.Cast<bool>();
    }

    public async Task<SfuResult<SfuOffer>> UpdateSubscriptionAsync(string participantKey, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return Closed<SfuOffer>();
        }

        if (Find(participantKey) is not { } member)
        {
            return SfuResult<SfuOffer>.Fail(SfuErrorCode.UnknownParticipant, "The participant is not in the room.");
        }

        if (member.Subscriber is not { } handle)
        {
            return await SubscribeAsync(participantKey, cancellationToken);
        }

        var (add, remove) = Difference(member);

        // A feed that left is dropped by Janus itself (its subscribers' "autoupdate"): wait briefly for that
        // offer rather than asking for a second renegotiation of the same change.
        if (remove.Count > 0 && member.PendingOffer is null)
        {
            try
            {
                await member.OfferArrived.Task.WaitAsync(AutoUpdateWait, cancellationToken);
            }
            catch (TimeoutException)
            {
            }

            (add, remove) = Difference(member);
        }

        if (add.Count == 0 && remove.Count == 0)
        {
            lock (gate)
            {
                var pending = member.PendingOffer;
                member.PendingOffer = null;
                member.OfferArrived = NewSignal();
                return pending is null ? SfuResult<SfuOffer>.Fail(SfuErrorCode.NoChange, "The subscription already matches the room.") : SfuResult<SfuOffer>.Ok(pending);
            }
        }

        var update = new SubscriberUpdate(
            add.Count > 0 ? [.. add.Select(w => new FeedRef(w.Feed, w.Mid))] : null,
            remove.Count > 0 ? [.. remove.Select(w => new FeedRef(w.Feed, w.Mid))] : null);
        return Offer(member, await session.MessageAsync(handle, update, null, cancellationToken));
    }

    public async Task<SfuResult<bool>> TrickleAsync(string participantKey, SfuLink link, JsonElement? candidate, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return Closed<bool>();
        }

        var handle = Find(participantKey) is { } member ? (link == SfuLink.Publisher ? member.Publisher : member.Subscriber) : null;
        if (handle is null)
        {
            return SfuResult<bool>.Fail(SfuErrorCode.UnknownParticipant, $"The participant has no {link} link.");
        }

        var sent = await session.TrickleAsync(handle.Value, candidate ?? Completed, cancellationToken);
        return sent.IsSuccess ? SfuResult<bool>.Ok(true) : sent.Cast<bool>();
    }

    public async Task<SfuResult<bool>> LeaveAsync(string participantKey, CancellationToken cancellationToken)
    {
        Member? member;
        lock (gate)
        {
            if (members.Remove(participantKey, out member))
            {
                membersByFeed.Remove(member.FeedId);
                RemoveFeed(member.FeedId);
            }
        }

        if (member is null)
        {
            return SfuResult<bool>.Fail(SfuErrorCode.UnknownParticipant, "The participant is not in the room.");
        }

        if (!IsClosed)
        {
            if (member.Publisher is { } publisher)
            {
                await session.MessageAsync(publisher, new SimpleRequest("leave"), null, cancellationToken);
            }

            await DropHandleAsync(member, SfuLink.Publisher);
            await DropHandleAsync(member, SfuLink.Subscriber);
        }

        Log.Left(logger, CallId, participantKey);
        return SfuResult<bool>.Ok(true);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref closed, 1) == 0)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var destroyed = Plugin(await session.MessageAsync(control, new RoomRequest("destroy", RoomId, secret), null, timeout.Token));
            Log.RoomClosed(logger, CallId, destroyed.IsSuccess);
        }

        session.Lost -= OnLost;
        await session.DisposeAsync();
        events.Writer.TryComplete();
    }

    private async Task<SfuResult<string>> ConfigureAsync(Member member, string request, string offerSdp, IReadOnlyDictionary<string, string>? descriptions, CancellationToken cancellationToken)
    {
        var body = new PublishRequest(request, descriptions?.Select(d => new StreamDescription(d.Key, d.Value)).ToList());
        var reply = await session.MessageAsync(member.Publisher!.Value, body, new JanusJsep("offer", offerSdp), cancellationToken);
        var data = Plugin(reply);
        if (!data.IsSuccess)
        {
            return data.Cast<string>();
        }

        if (reply.Value.Jsep is not { Type: "answer" } answer)
        {
            return SfuResult<string>.Fail(SfuErrorCode.Refused, "Janus sent no SDP answer.");
        }

        lock (gate)
        {
            // Janus lets others subscribe to a feed only once its media is up (webrtcup); until then it is not listed.
            member.PublishedStreams = data.Value.Streams ?? member.PublishedStreams;
            if (member.PublisherUp && member.PublishedStreams is { } streams && members.ContainsKey(member.Key))
            {
                SetFeed(member, streams);
            }
        }

        return SfuResult<string>.Ok(answer.Sdp);
    }

    private SfuResult<SfuOffer> Offer(Member member, SfuResult<JanusMessage> reply)
    {
        var data = Plugin(reply);
        if (!data.IsSuccess)
        {
            return data.Cast<SfuOffer>();
        }

        if (reply.Value.Jsep is not { Type: "offer" } offer)
        {
            return SfuResult<SfuOffer>.Fail(SfuErrorCode.NoChange, "Janus did not renegotiate.");
        }

        lock (gate)
        {
            // This offer supersedes any unsolicited one not yet handed out.
            member.PendingOffer = null;
            member.OfferArrived = NewSignal();
            return SfuResult<SfuOffer>.Ok(Subscribed(member, offer.Sdp, data.Value.Streams ?? []));
        }
    }

    private void OnPublisherEvent(Member member, JanusMessage message)
    {
        if (Media(member, SfuLink.Publisher, message) || message.Plugindata is not { } plugin)
        {
            return;
        }

        var data = plugin.Data.Deserialize<VideoRoomData>(JanusJson.Options);
        lock (gate)
        {
            switch (data)
            {
                case { Videoroom: "talking" or "stopped-talking", Id: { } feed } when membersByFeed.TryGetValue(feed, out var talker):
                    var talking = data.Videoroom == "talking";
                    if (talker.Talking != talking)
                    {
                        talker.Talking = talking;
                        events.Writer.TryWrite(new SfuTalking(talker.Key, talking));
                    }

                    break;
                case { Publishers: { } publishers }:
                    foreach (var publisher in publishers)
                    {
                        if (membersByFeed.TryGetValue(publisher.Id, out var owner) && publisher.Streams is { } streams)
                        {
                            SetFeed(owner, streams);
                        }
                    }

                    break;
                case { Unpublished: { ValueKind: JsonValueKind.Number } gone }:
                    RemoveFeed(gone.GetInt64());
                    break;
                case { Leaving: { ValueKind: JsonValueKind.Number } gone }:
                    RemoveFeed(gone.GetInt64());
                    break;
            }
        }
    }

    private void OnSubscriberEvent(Member member, JanusMessage message)
    {
        if (Media(member, SfuLink.Subscriber, message) || message is not { Plugindata: { } plugin, Jsep: { Type: "offer" } offer })
        {
            return;
        }

        // Janus renegotiated on its own (a subscribed feed left): hand this offer out on the next update.
        var data = plugin.Data.Deserialize<VideoRoomData>(JanusJson.Options);
        lock (gate)
        {
            member.PendingOffer = Subscribed(member, offer.Sdp, data?.Streams ?? []);
            member.OfferArrived.TrySetResult();
        }
    }

    /// <summary>Core events about a handle's PeerConnection; true when the message was one.</summary>
    private bool Media(Member member, SfuLink link, JanusMessage message)
    {
        SfuEvent? raised = message.Janus switch
        {
            "webrtcup" => new SfuMediaUp(member.Key, link),
            "hangup" => new SfuMediaDown(member.Key, link, message.Reason),
            "trickle" => new SfuCandidate(member.Key, link, message.Candidate is { } c && c.TryGetProperty("completed", out _) ? null : message.Candidate),
            _ => null,
        };
        if (raised is not null)
        {
            lock (gate)
            {
                if (link == SfuLink.Publisher && raised is SfuMediaUp or SfuMediaDown)
                {
                    member.PublisherUp = raised is SfuMediaUp;
                }

                events.Writer.TryWrite(raised);
                if (raised is SfuMediaUp { Link: SfuLink.Publisher } && member.PublishedStreams is { } streams && members.ContainsKey(member.Key))
                {
                    SetFeed(member, streams);
                }
            }
        }

        return raised is not null || message.Janus != "event";
    }

    /// <summary>Records a subscriber's streams after an offer; called under the lock.</summary>
    private SfuOffer Subscribed(Member member, string sdp, List<VideoRoomStream> streams)
    {
        var active = streams.Where(s => s.Active != false && s.FeedId is not null && Kind(s.Type) is not null).ToList();
        member.SubscribedStreams = [.. active.Select(s => new FeedMid(s.FeedId!.Value, s.FeedMid ?? ""))];
        var described = active
            .Where(s => membersByFeed.ContainsKey(s.FeedId!.Value))
            .Select(s => new SfuStream(s.Mid ?? "", membersByFeed[s.FeedId!.Value].Key, Kind(s.Type)!.Value, s.FeedDescription))
            .ToList();
        return new SfuOffer(sdp, described);
    }

    private List<FeedMid> Wanted(Member member)
    {
        lock (gate)
        {
            return [.. feeds.Where(f => f.Key != member.FeedId).SelectMany(f => f.Value.Streams.Select(s => new FeedMid(f.Key, s.Mid)))];
        }
    }

    private (List<FeedMid> Add, List<FeedMid> Remove) Difference(Member member)
    {
        var wanted = Wanted(member);
        lock (gate)
        {
            return ([.. wanted.Where(w => !member.SubscribedStreams.Contains(w))], [.. member.SubscribedStreams.Where(s => !wanted.Contains(s))]);
        }
    }

    /// <summary>Adds or refreshes a member's feed; raises <see cref="SfuFeedsChanged"/> when something changed. Under the lock.</summary>
    private void SetFeed(Member member, List<VideoRoomStream> streams)
    {
        var published = streams
            .Where(s => s.Disabled != true && Kind(s.Type) is not null && s.Mid is not null)
            .Select(s => new SfuFeedStream(s.Mid!, Kind(s.Type)!.Value, s.Description))
            .ToList();
        var existed = feeds.TryGetValue(member.FeedId, out var before);
        if (existed && before!.Streams.SequenceEqual(published))
        {
            return;
        }

        feeds[member.FeedId] = new SfuFeed(member.Key, member.Display, published);
        events.Writer.TryWrite(new SfuFeedsChanged([.. feeds.Values], existed ? [] : [member.Key], []));
    }

    /// <summary>Under the lock.</summary>
    private void RemoveFeed(long feedId)
    {
        if (feeds.Remove(feedId, out var gone))
        {
            events.Writer.TryWrite(new SfuFeedsChanged([.. feeds.Values], [], [gone.ParticipantKey]));
        }
    }

    private Member MemberFor(string participantKey, string display)
    {
        lock (gate)
        {
            if (!members.TryGetValue(participantKey, out var member))
            {
                member = new Member(participantKey, ++lastFeedId) { Display = display };
                members[participantKey] = member;
                membersByFeed[member.FeedId] = member;
            }
            else if (display != participantKey)
            {
                member.Display = display;
            }

            return member;
        }
    }

    private Member? Find(string participantKey)
    {
        lock (gate)
        {
            return members.GetValueOrDefault(participantKey);
        }
    }

    private async Task DropHandleAsync(Member member, SfuLink link)
    {
        var handle = link == SfuLink.Publisher ? member.Publisher : member.Subscriber;
        if (link == SfuLink.Publisher)
        {
            member.Publisher = null;
        }
        else
        {
            member.Subscriber = null;
            member.SubscribedStreams = [];
        }

        if (handle is { } h && !IsClosed)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await session.DetachAsync(h, timeout.Token);
        }
    }

    private void OnLost(string reason)
    {
        if (Interlocked.Exchange(ref closed, 1) == 0)
        {
            Log.RoomLost(logger, CallId, reason);
            events.Writer.TryWrite(new SfuLost(reason));
            events.Writer.TryComplete();
        }
    }

    /// <summary>A VideoRoom answer as data, its <c>error_code</c> as a failure.</summary>
    private static SfuResult<VideoRoomData> Plugin(SfuResult<JanusMessage> reply)
    {
        if (!reply.IsSuccess)
        {
            return reply.Cast<VideoRoomData>();
        }

        var data = reply.Value.Plugindata?.Data.Deserialize<VideoRoomData>(JanusJson.Options);
        return data switch
        {
            null => SfuResult<VideoRoomData>.Fail(SfuErrorCode.Refused, "Janus's answer carried no VideoRoom data."),
            { ErrorCode: { } code } => SfuResult<VideoRoomData>.Fail(SfuErrorCode.Refused, data.Error ?? "The VideoRoom refused the request.", code),
            _ => SfuResult<VideoRoomData>.Ok(data),
        };
    }

    private static SfuMediaKind? Kind(string? type) => type switch
    {
        "audio" => SfuMediaKind.Audio,
        "video" => SfuMediaKind.Video,
        _ => null,
    };

    private static SfuResult<T> Closed<T>() => SfuResult<T>.Fail(SfuErrorCode.RoomClosed, "The room is closed.");

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static readonly JsonElement Completed = JsonSerializer.SerializeToElement(new { completed = true });

    private readonly record struct FeedMid(long Feed, string Mid);

    private sealed class Member(string key, long feedId)
    {
        public string Key { get; } = key;

        public long FeedId { get; } = feedId;

        public string Display { get; set; } = key;

        public long? Publisher { get; set; }

        public long? Subscriber { get; set; }

        public bool Talking { get; set; }

        /// <summary>The streams Janus accepted in the last publish or configure.</summary>
        public List<VideoRoomStream>? PublishedStreams { get; set; }

        public bool PublisherUp { get; set; }

        public List<FeedMid> SubscribedStreams { get; set; } = [];

        public SfuOffer? PendingOffer { get; set; }

        public TaskCompletionSource OfferArrived { get; set; } = NewSignal();
    }
}

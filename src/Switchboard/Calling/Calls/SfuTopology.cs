using System.Collections.Concurrent;
using System.Text.Json;
using Switchboard.Calling.Sfu;
using Switchboard.Calling.Signaling;

namespace Switchboard.Calling.Calls;

/// <summary>
/// A call's media through the SFU: one <see cref="ISfuRoom"/> per call; per joined endpoint a <c>pub</c> link
/// (the browser offers its tracks, the room answers) and a <c>sub</c> link (the room offers everyone else's
/// streams, the browser answers). SDP and ICE are relayed between the browser and the room.
/// </summary>
/// <remarks>
/// The topology's methods run under the call's gate and must not wait for Janus, so each endpoint's Janus
/// work runs on its own queue (in order, one request at a time as <see cref="ISfuRoom"/> requires); results
/// that touch call state come back under the gate through <c>runGated</c>. A Janus failure fails that
/// endpoint's media (it leaves with 410/301005); losing Janus fails everyone's, which ends the call.
/// </remarks>
internal sealed partial class SfuTopology : IMediaTopology
{
    public const string PublisherLink = "pub";
    public const string SubscriberLink = "sub";

    /// <summary>How long a subscriber offer waits for the browser's answer before the queue moves on.</summary>
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly string callId;
    private readonly Task<SfuResult<ISfuRoom>> room;
    private readonly Func<Action, Task> runGated;
    private readonly Action<AgentConnection> failMedia;
    private readonly Action<AgentConnection> showOthersTo;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, Member> members = new();

    /// <summary>The queue of an endpoint that left, so that if it is added back its new requests follow its leave.</summary>
    private readonly ConcurrentDictionary<string, Task> leaving = new();
    private volatile bool closed;

    /// <param name="runGated">Runs an action under the call's gate (skipped once the call ended).</param>
    /// <param name="failMedia">Under the gate: the endpoint's media failed (it leaves with 410/301005).</param>
    /// <param name="showOthersTo">Under the gate: the endpoint gets every other participant again (their streams' mids changed).</param>
    public SfuTopology(Call call, ISfu sfu, Func<Action, Task> runGated, Action<AgentConnection> failMedia, Action<AgentConnection> showOthersTo, ILogger logger)
    {
        callId = call.Id;
        this.runGated = runGated;
        this.failMedia = failMedia;
        this.showOthersTo = showOthersTo;
        this.logger = logger;
        room = OpenAsync(sfu);
    }

    public string Name => "sfu";

    public void Joined(Call call, Party party)
    {
        var endpoint = party.Endpoint!;
        var member = new Member(endpoint, party.Identity.DisplayName ?? party.Identity.RawId);
        if (leaving.TryRemove(endpoint.Id, out var tail))
        {
            member.Queue = tail;
        }

        members[endpoint.Id] = member;
        endpoint.Send(new { type = "call.negotiate", callId = call.Id, link = PublisherLink, polite = false });
        endpoint.Send(new { type = "call.negotiate", callId = call.Id, link = SubscriberLink, polite = true, receiveOnly = true });
    }

    public void Left(Call call, AgentConnection endpoint)
    {
        if (members.TryRemove(endpoint.Id, out var member))
        {
            member.Gone = true;
            member.Answer.TrySetCanceled();
            Enqueue(member, async r => Check(member, await r.LeaveAsync(member.Key, CancellationToken.None), "leave", failOnError: false), always: true);
            leaving[endpoint.Id] = member.Queue;
        }
    }

    /// <summary>A call never leaves the SFU (it ends instead).</summary>
    public void Detach(Call call) => Ended(call);

    public void Ended(Call call)
    {
        var queues = members.Values.Select(m => m.Queue).Concat(leaving.Values).ToList();
        foreach (var member in members.Values)
        {
            member.Gone = true;
            member.Answer.TrySetCanceled();
        }

        members.Clear();
        _ = CloseAsync(queues);
    }

    public bool Relay(Call call, AgentConnection from, string? link, object? description, object? candidate, IReadOnlyDictionary<string, string>? labels)
    {
        if (!members.TryGetValue(from.Id, out var member) || link is not (PublisherLink or SubscriberLink))
        {
            return false;
        }

        var (type, sdp) = description is JsonElement d ? (Text(d, "type"), Text(d, "sdp")) : (null, null);
        if (link == PublisherLink && type == "offer" && sdp is not null)
        {
            Enqueue(member, r => PublishAsync(r, member, sdp, labels));
        }
        else if (link == SubscriberLink && type == "answer" && sdp is not null)
        {
            // The queue waits for this answer (see SubscriptionAsync); it must not queue behind itself.
            member.Answer.TrySetResult(sdp);
        }
        else if (candidate is JsonElement c)
        {
            var which = link == PublisherLink ? SfuLink.Publisher : SfuLink.Subscriber;
            Enqueue(member, async r => Check(member, await r.TrickleAsync(member.Key, which, c, CancellationToken.None), "trickle", failOnError: false));
        }

        return true;
    }

    public string? LinkFor(AgentConnection viewer, AgentConnection sender) => SubscriberLink;

    public string? MidFor(AgentConnection viewer, AgentConnection sender, string mediaType, StreamInfo? stream)
    {
        if (!members.TryGetValue(viewer.Id, out var member))
        {
            return null;
        }

        var kind = mediaType == "Audio" ? SfuMediaKind.Audio : SfuMediaKind.Video;
        return member.Streams.FirstOrDefault(s => s.FeedParticipantKey == sender.Id && s.Kind == kind
            && (kind == SfuMediaKind.Audio || (s.Description == "screen") == (mediaType == "ScreenSharing")))?.Mid;
    }

    /// <summary>MediaUp for SFU links: a link of the endpoint's own reached <c>connected</c>.</summary>
    public static bool IsOwnLink(string? link) => link is PublisherLink or SubscriberLink;

    private async Task<SfuResult<ISfuRoom>> OpenAsync(ISfu sfu)
    {
        var opened = await sfu.OpenRoomAsync(callId, CancellationToken.None);
        if (opened.IsSuccess)
        {
            _ = PumpAsync(opened.Value);
        }
        else
        {
            LogRoomFailed(logger, callId, opened.Error!.Code);
        }

        return opened;
    }

    private async Task CloseAsync(List<Task> queues)
    {
        await Task.WhenAll(queues);
        closed = true;
        var opened = await room;
        if (opened.IsSuccess)
        {
            // Its event channel completes, which ends the pump.
            await opened.Value.DisposeAsync();
        }
    }

    private async Task PublishAsync(ISfuRoom r, Member member, string sdp, IReadOnlyDictionary<string, string>? labels)
    {
        var answer = member.Published
            ? await r.RepublishAsync(member.Key, sdp, labels, CancellationToken.None)
            : await r.PublishAsync(member.Key, member.Display, sdp, labels, CancellationToken.None);
        if (!Check(member, answer, "publish", failOnError: true))
        {
            return;
        }

        var first = !member.Published;
        member.Published = true;
        member.Endpoint.Send(new { type = "signal", callId, link = PublisherLink, description = new { type = "answer", sdp = answer.Value } });
        if (first)
        {
            // Feeds published before this member was in the room raised no event for it: subscribe now.
            await SubscriptionAsync(r, member);
        }
    }

    /// <summary>Brings the member's <c>sub</c> link in line with the room's feeds: offer, the browser's answer, start.</summary>
    private async Task SubscriptionAsync(ISfuRoom r, Member member)
    {
        var offer = await r.UpdateSubscriptionAsync(member.Key, CancellationToken.None);

        // A feed can leave between the room listing it and Janus subscribing to it ("no such feed"): ask again.
        for (var retry = 0; retry < 3 && offer.Error is { Code: SfuErrorCode.Refused } && !member.Gone && !closed; retry++)
        {
            await Task.Delay(RetryDelay);
            offer = await r.UpdateSubscriptionAsync(member.Key, CancellationToken.None);
        }

        if (offer.Error is { Code: SfuErrorCode.NoFeeds or SfuErrorCode.NoChange or SfuErrorCode.UnknownParticipant })
        {
            return;
        }

        // A refused subscription leaves the endpoint's own media up; the next change of feeds tries again.
        if (!Check(member, offer, "subscribe", failOnError: offer.Error?.Code is not SfuErrorCode.Refused))
        {
            return;
        }

        member.Answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        member.Streams = offer.Value.Streams;

        // The viewer learns the new mids (participant.updated) before the offer that brings their tracks.
        await runGated(() =>
        {
            if (member.Gone)
            {
                return;
            }

            showOthersTo(member.Endpoint);
            member.Endpoint.Send(new { type = "signal", callId, link = SubscriberLink, description = new { type = "offer", sdp = offer.Value.Sdp } });
        });

        string answer;
        try
        {
            answer = await member.Answer.Task.WaitAsync(AnswerWait);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            LogNoAnswer(logger, callId, member.Key);
            return;
        }

        Check(member, await r.AnswerSubscriberAsync(member.Key, answer, CancellationToken.None), "start", failOnError: true);
    }

    private async Task PumpAsync(ISfuRoom r)
    {
        try
        {
            await foreach (var e in r.Events.ReadAllAsync(CancellationToken.None))
            {
                switch (e)
                {
                    case SfuFeedsChanged:
                        foreach (var member in members.Values)
                        {
                            Enqueue(member, x => SubscriptionAsync(x, member));
                        }

                        break;
                    case SfuCandidate { ParticipantKey: var key, Link: var link, Candidate: var candidate } when members.TryGetValue(key, out var member):
                        member.Endpoint.Send(new { type = "signal", callId, link = link == SfuLink.Publisher ? PublisherLink : SubscriberLink, candidate });
                        break;
                    case SfuLost lost:
                        LogLost(logger, callId, lost.Reason);
                        await runGated(() =>
                        {
                            foreach (var member in members.Values.ToList())
                            {
                                failMedia(member.Endpoint);
                            }
                        });
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The call ended.
        }
    }

    /// <summary>Runs Janus work for one endpoint after its earlier work, once the room is open.</summary>
    private void Enqueue(Member member, Func<ISfuRoom, Task> work, bool always = false)
    {
        lock (member)
        {
            member.Queue = member.Queue.ContinueWith(
                async _ =>
                {
                    if ((member.Gone && !always) || closed)
                    {
                        return;
                    }

                    try
                    {
                        var opened = await room;
                        if (opened.IsSuccess)
                        {
                            await work(opened.Value);
                        }
                        else
                        {
                            Check(member, opened, "open the room", failOnError: !always);
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    catch (Exception e)
                    {
                        LogWorkFailed(logger, e, callId, member.Key);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>True on success; otherwise logs and, for failures that leave the endpoint without media, fails it.</summary>
    private bool Check<T>(Member member, SfuResult<T> result, string step, bool failOnError)
    {
        if (result.IsSuccess)
        {
            return true;
        }

        if (closed || member.Gone)
        {
            // The call ended or the endpoint left meanwhile: nothing to fail.
            return false;
        }

        LogStepFailed(logger, callId, member.Key, step, result.Error!.Code, result.Error.JanusCode);
        if (failOnError && !member.Gone)
        {
            _ = runGated(() =>
            {
                if (!member.Gone)
                {
                    failMedia(member.Endpoint);
                }
            });
        }

        return false;
    }

    private static string? Text(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private sealed class Member(AgentConnection endpoint, string display)
    {
        public AgentConnection Endpoint { get; } = endpoint;

        public string Key => Endpoint.Id;

        public string Display { get; } = display;

        public Task Queue { get; set; } = Task.CompletedTask;

        public volatile bool Gone;

        public bool Published { get; set; }

        /// <summary>What the latest subscriber offer carries, by mid (read under the call's gate for participant views).</summary>
        public IReadOnlyList<SfuStream> Streams { get; set; } = [];

        public TaskCompletionSource<string> Answer { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Call {CallId}: the SFU room could not be opened ({Code}); its media fails.")]
    private static partial void LogRoomFailed(ILogger logger, string callId, SfuErrorCode code);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Call {CallId}: SFU {Step} for endpoint {Endpoint} failed ({Code}, Janus {JanusCode}).")]
    private static partial void LogStepFailed(ILogger logger, string callId, string endpoint, string step, SfuErrorCode code, int? janusCode);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Call {CallId}: the SFU was lost ({Reason}); its media fails.")]
    private static partial void LogLost(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Information, Message = "Call {CallId}: endpoint {Endpoint} did not answer its subscriber offer in time.")]
    private static partial void LogNoAnswer(ILogger logger, string callId, string endpoint);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Error, Message = "Call {CallId}: SFU work for endpoint {Endpoint} failed.")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception, string callId, string endpoint);
}

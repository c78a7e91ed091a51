using System.Text.Json;
using Microsoft.Playwright;
using Switchboard.Calling.Sfu;

namespace Switchboard.Tests.Calling.Sfu;

/// <summary>
/// A participant's browser: a chromium page with two RTCPeerConnections to the SFU (publisher, subscriber),
/// driven the way the real server will drive them: SDP and ICE candidates go through <see cref="ISfuRoom"/>.
/// </summary>
internal sealed class SfuPeer : IAsyncDisposable
{
    private const string Script = """
        () => {
          const collect = (link) => (e) => window.peer.candidates[link].push(e.candidate ? JSON.stringify(e.candidate.toJSON()) : null);
          window.peer = {
            candidates: { publisher: [], subscriber: [] },
            audio: [],
            async publish(withScreen) {
              const camera = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360, frameRate: 15 } });
              const pc = new RTCPeerConnection();
              camera.getTracks().forEach((t) => pc.addTrack(t, camera));
              if (withScreen) {
                const screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
                screen.getTracks().forEach((t) => pc.addTrack(t, screen));
              }
              pc.onicecandidate = collect('publisher');
              await pc.setLocalDescription(await pc.createOffer());
              window.peer.pub = pc;
              const mids = pc.getTransceivers().map((t) => t.mid);
              return { sdp: pc.localDescription.sdp, mids };
            },
            async publisherAnswer(sdp) { await window.peer.pub.setRemoteDescription({ type: 'answer', sdp }); },
            async subscriberOffer(sdp) {
              let pc = window.peer.sub;
              if (!pc) {
                pc = window.peer.sub = new RTCPeerConnection();
                pc.onicecandidate = collect('subscriber');
                pc.ontrack = (e) => {
                  if (e.track.kind !== 'audio') return;
                  // Played, not muted: chromium computes audio levels only for audio that is played.
                  const el = new Audio(); el.srcObject = new MediaStream([e.track]); el.play().catch(() => {}); window.peer.audio.push(el);
                };
              }
              await pc.setRemoteDescription({ type: 'offer', sdp });
              await pc.setLocalDescription(await pc.createAnswer());
              pc.reportedComplete = false;
              return pc.localDescription.sdp;
            },
            async addCandidate(link, json) {
              const pc = link === 'publisher' ? window.peer.pub : window.peer.sub;
              await pc.addIceCandidate(json ? JSON.parse(json) : null);
            },
            takeCandidates(link) {
              const pc = link === 'publisher' ? window.peer.pub : window.peer.sub;
              const batch = window.peer.candidates[link].splice(0);
              // A renegotiation without ICE restart gathers nothing new: report completion once.
              if (!batch.length && pc.iceGatheringState === 'complete' && !pc.reportedComplete) { pc.reportedComplete = true; return [null]; }
              if (batch.includes(null)) pc.reportedComplete = true;
              return batch;
            },
            state(link) { const pc = link === 'publisher' ? window.peer.pub : window.peer.sub; return pc ? pc.connectionState : 'none'; },
            async inbound() {
              if (!window.peer.sub) return [];
              const stats = await window.peer.sub.getStats();
              const out = [];
              stats.forEach((s) => {
                if (s.type === 'inbound-rtp') out.push({ mid: s.mid ?? '', kind: s.kind, bytes: s.bytesReceived ?? 0, frames: s.framesDecoded ?? 0 });
              });
              return out;
            },
          };
        }
        """;

    private readonly IBrowserContext context;

    private SfuPeer(string key, IBrowserContext context, IPage page)
    {
        Key = key;
        this.context = context;
        Page = page;
    }

    public string Key { get; }

    public IPage Page { get; }

    public static async Task<SfuPeer> OpenAsync(SfuServer fixture, string key)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, Permissions = ["camera", "microphone"] });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        // A secure context (getUserMedia needs one): the server's own HTTPS origin.
        await page.GotoAsync(fixture.Server.Origin + "/");
        await page.EvaluateAsync(Script);
        return new SfuPeer(key, context, page);
    }

    /// <summary>Publishes camera and microphone (and a screen share labelled "screen" when asked), trickling the browser's candidates.</summary>
    public async Task PublishAsync(ISfuRoom room, bool withScreen = false)
    {
        var offer = await Page.EvaluateAsync<JsonElement>("withScreen => window.peer.publish(withScreen)", withScreen);
        var mids = offer.GetProperty("mids").EnumerateArray().Select(m => m.GetString()!).ToList();
        var descriptions = new Dictionary<string, string> { [mids[1]] = "camera" };
        if (withScreen)
        {
            descriptions[mids[2]] = "screen";
        }

        var answer = await room.PublishAsync(Key, "Peer " + Key, offer.GetProperty("sdp").GetString()!, descriptions, default);
        Assert.True(answer.IsSuccess, answer.Error?.ToString());
        await Page.EvaluateAsync("sdp => window.peer.publisherAnswer(sdp)", answer.Value);
        await TrickleAsync(room, SfuLink.Publisher);
    }

    /// <summary>Answers an SFU subscriber offer (first or renegotiation) and trickles the answer's candidates.</summary>
    public async Task AnswerAsync(ISfuRoom room, SfuOffer offer)
    {
        var answer = await Page.EvaluateAsync<string>("sdp => window.peer.subscriberOffer(sdp)", offer.Sdp);
        var started = await room.AnswerSubscriberAsync(Key, answer, default);
        Assert.True(started.IsSuccess, started.Error?.ToString());
        await TrickleAsync(room, SfuLink.Subscriber);
    }

    public async Task SubscribeAsync(ISfuRoom room)
    {
        var offer = await room.SubscribeAsync(Key, default);
        Assert.True(offer.IsSuccess, offer.Error?.ToString());
        await AnswerAsync(room, offer.Value);
    }

    public Task AddCandidateAsync(SfuLink link, JsonElement? candidate)
        => Page.EvaluateAsync("([link, json]) => window.peer.addCandidate(link, json)", new object?[] { Link(link), candidate?.GetRawText() });

    /// <summary>Sends the browser's ICE candidates for a link to the SFU until gathering completes.</summary>
    private async Task TrickleAsync(ISfuRoom room, SfuLink link)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var batch = await Page.EvaluateAsync<JsonElement>("link => window.peer.takeCandidates(link)", Link(link));
            foreach (var json in batch.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Null ? null : c.GetString()))
            {
                var candidate = json is null ? (JsonElement?)null : JsonDocument.Parse(json).RootElement.Clone();
                var sent = await room.TrickleAsync(Key, link, candidate, default);
                Assert.True(sent.IsSuccess, sent.Error?.ToString());
                if (json is null)
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{Key}'s {link} never finished gathering candidates.");
    }

    /// <summary>Received streams (subscriber inbound-rtp) by mid.</summary>
    public async Task<IReadOnlyList<Inbound>> InboundAsync()
        => [.. (await Page.EvaluateAsync<JsonElement>("() => window.peer.inbound()")).EnumerateArray().Select(i => new Inbound(
            i.GetProperty("mid").GetString()!, i.GetProperty("kind").GetString()!, i.GetProperty("bytes").GetInt64(), i.GetProperty("frames").GetInt64()))];

    /// <summary>Waits until every listed subscriber mid receives media and keeps receiving it (bytes, and decoded frames for video, growing).</summary>
    public async Task ReceivesAsync(IEnumerable<SfuStream> streams, TimeSpan? timeout = null)
    {
        var mids = streams.ToDictionary(s => s.Mid, s => s.Kind);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        Dictionary<string, Inbound>? before = null;
        while (DateTime.UtcNow < deadline)
        {
            var now = (await InboundAsync()).Where(i => mids.ContainsKey(i.Mid)).ToDictionary(i => i.Mid);
            var flowing = now.Count == mids.Count && now.Values.All(i => i.Bytes > 0 && (i.Kind == "audio" || i.Frames > 0));
            if (flowing && before is not null && now.Values.All(i => i.Bytes > before[i.Mid].Bytes && (i.Kind == "audio" || i.Frames > before[i.Mid].Frames)))
            {
                return;
            }

            before = flowing ? now : null;
            await Task.Delay(flowing ? 1000 : 250);
        }

        throw new TimeoutException($"{Key} does not receive all of {string.Join(",", mids.Keys)}: {string.Join("; ", await InboundAsync())}");
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();

    private static string Link(SfuLink link) => link == SfuLink.Publisher ? "publisher" : "subscriber";

    internal sealed record Inbound(string Mid, string Kind, long Bytes, long Frames);
}

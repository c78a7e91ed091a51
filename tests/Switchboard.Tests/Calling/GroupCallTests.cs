using System.Text.Json;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Calling.Calls;

namespace Switchboard.Tests.Calling;

/// <summary>Group calls over the real WebSocket: who may start one, mesh links between every pair, late joiners, add, remove, leave, end for everyone, speakers.</summary>
[Collection(GroupCallingCollection.Name)]
public sealed class GroupCallTests(GroupCallingServer fixture)
{
    private SwitchboardServer Server => fixture.Server;

    public static TheoryData<string, int, int> StartRules => new()
    {
        { "everyone in the thread", 0, 0 },
        { "a target outside the thread", 403, 10100 },
        { "the caller outside the thread", 403, 10100 },
        { "two targets without a thread", 400, 10106 },
        { "a target that is no user", 404, 10102 },
        { "a target of an unknown kind", 400, 10101 },
    };

    [Theory]
    [MemberData(nameof(StartRules))]
    public async Task A_group_call_needs_the_caller_and_every_target_in_its_thread(string rule, int code, int subCode)
    {
        var thread = await GroupChatAsync(Server, CallUser.Cody, CallUser.Cara, CallUser.Cleo);
        var caller = rule == "the caller outside the thread" ? CallUser.Cyd : CallUser.Cara;
        string[] targets = rule switch
        {
            "a target outside the thread" => [CallUser.Cody.RawId, CallUser.Cyd.RawId],
            "the caller outside the thread" => [CallUser.Cody.RawId, CallUser.Cleo.RawId],
            "a target that is no user" => [CallUser.Cody.RawId, "8:orgid:22222222-0000-4000-8000-00000000ffff"],
            "a target of an unknown kind" => [CallUser.Cody.RawId, "4:+15551234567"],
            _ => [CallUser.Cody.RawId, CallUser.Cleo.RawId],
        };
        await using var agent = await AgentAsync(Server, caller);
        var reply = await agent.RequestAsync("call.start", new { targets, threadId = rule == "two targets without a thread" ? null : thread });
        if (code == 0)
        {
            Assert.Equal("call.created", reply.GetProperty("type").GetString());
            Assert.Equal(thread, reply.GetProperty("call").GetProperty("threadId").GetString());
            await agent.SendAsync(new { type = "call.hangup", callId = CallId(reply.GetProperty("call")) });
        }
        else
        {
            Assert.Equal(("error", code, subCode), (reply.GetProperty("type").GetString(), reply.GetProperty("code").GetInt32(), reply.GetProperty("subCode").GetInt32()));
        }
    }

    [Fact]
    public async Task Every_pair_of_joined_endpoints_gets_a_link_and_a_late_joiner_gets_the_snapshot_and_links_to_everyone()
    {
        var thread = await GroupChatAsync(Server, CallUser.Cara, CallUser.Cody, CallUser.Cleo, CallUser.Cyd);
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        await using var cleo = await AgentAsync(Server, CallUser.Cleo);
        await using var cyd = await AgentAsync(Server, CallUser.Cyd);

        var callId = await StartAsync(cara, thread, CallUser.Cody, CallUser.Cleo);
        var incoming = await IncomingAsync(cleo, callId);
        Assert.Equal(CallUser.Cara.RawId, incoming.GetProperty("callerInfo").GetProperty("rawId").GetString());
        await cleo.SendAsync(new { type = "call.ringing", callId });
        await ParticipantAsync(cara, callId, CallUser.Cleo, "Ringing");
        await StateAsync(cara, callId, "Ringing");

        await AnswerAsync(cody, callId);
        var caraToCody = Assert.Single(await NegotiateAsync(cara, callId, 1));
        Assert.Equal((cody.EndpointId, false), (caraToCody.GetProperty("link").GetString(), caraToCody.GetProperty("polite").GetBoolean()));
        await NegotiateAsync(cody, callId, 1);
        await StateAsync(cara, callId, "Connected");
        await ParticipantAsync(cara, callId, CallUser.Cody, "Connected");

        // Cleo answers late: she learns who is there, and is the polite end of a link to each.
        await AnswerAsync(cleo, callId);
        await ParticipantAsync(cleo, callId, CallUser.Cara, "Connected");
        await ParticipantAsync(cleo, callId, CallUser.Cody, "Connected");
        var cleoLinks = await NegotiateAsync(cleo, callId, 2);
        Assert.Equal(new[] { cara.EndpointId, cody.EndpointId }.Order(), cleoLinks.Select(l => l.GetProperty("link").GetString()!).Order());
        Assert.All(cleoLinks, l => Assert.True(l.GetProperty("polite").GetBoolean()));
        await cara.SeenAsync("call.negotiate", f => f.GetProperty("link").GetString() == cleo.EndpointId && !f.GetProperty("polite").GetBoolean());
        await cody.SeenAsync("call.negotiate", f => f.GetProperty("link").GetString() == cleo.EndpointId && !f.GetProperty("polite").GetBoolean());
        await ParticipantAsync(cody, callId, CallUser.Cleo, "Connected");

        // A signal goes down one link only, tagged with the sender's link id.
        await cleo.SendAsync(new { type = "signal", callId, link = cody.EndpointId, description = new { type = "offer", sdp = "v=0 cleo-to-cody" } });
        var signal = await cody.SeenAsync("signal", f => f.GetProperty("callId").GetString() == callId);
        Assert.Equal(cleo.EndpointId, signal.GetProperty("link").GetString());
        await Task.Delay(200);
        Assert.Empty(cara.All("signal", callId));

        // Streams name the link and the mid the viewer receives them on.
        await cleo.SendAsync(new { type = "media.state", callId, isMuted = false, streams = new[] { new { id = 1, mediaStreamType = "Video", mids = new Dictionary<string, string> { [cara.EndpointId] = "1", [cody.EndpointId] = "3" } } } });
        var seenByCody = await cody.SeenAsync("participant.updated", f => f.GetProperty("participant").GetProperty("rawId").GetString() == CallUser.Cleo.RawId && f.GetProperty("participant").GetProperty("streams").GetArrayLength() == 1);
        var stream = seenByCody.GetProperty("participant").GetProperty("streams")[0];
        Assert.Equal((cleo.EndpointId, "3", true), (stream.GetProperty("link").GetString(), stream.GetProperty("mid").GetString(), stream.GetProperty("isAvailable").GetBoolean()));
        var seenByCara = await cara.SeenAsync("participant.updated", f => f.GetProperty("participant").GetProperty("rawId").GetString() == CallUser.Cleo.RawId && f.GetProperty("participant").GetProperty("streams").GetArrayLength() == 1);
        Assert.Equal("1", seenByCara.GetProperty("participant").GetProperty("streams")[0].GetProperty("mid").GetString());

        // Cody adds Cyd: everyone sees Cyd ringing; Cyd joins and links to all three.
        var added = await cody.RequestAsync("participant.add", new { callId, target = CallUser.Cyd.RawId });
        Assert.Equal("ack", added.GetProperty("type").GetString());
        var cydRing = await IncomingAsync(cyd, callId);
        Assert.Equal(CallUser.Cody.RawId, cydRing.GetProperty("callerInfo").GetProperty("rawId").GetString());
        await ParticipantAsync(cara, callId, CallUser.Cyd, "Connecting");
        await cyd.SendAsync(new { type = "call.accept", callId });
        var cydSnapshot = await cyd.SeenAsync("participant.updated", f => f.GetProperty("participant").GetProperty("rawId").GetString() == CallUser.Cleo.RawId);
        Assert.Equal("Video", cydSnapshot.GetProperty("participant").GetProperty("streams")[0].GetProperty("mediaStreamType").GetString());
        Assert.Equal(3, (await NegotiateAsync(cyd, callId, 3)).Count);
        await ParticipantAsync(cara, callId, CallUser.Cyd, "Connected");

        // Leaving does not end a group call: the others see Cleo go with 0/0.
        await cleo.SendAsync(new { type = "call.hangup", callId });
        Assert.Equal((0, 0), await EndedAsync(cleo, callId));
        var gone = await ParticipantAsync(cara, callId, CallUser.Cleo, "Disconnected");
        Assert.Equal((0, 0), Reason(gone.GetProperty("participant").GetProperty("callEndReason")));
        await RemovedAsync(cody, callId, CallUser.Cleo);
        await cody.SeenAsync("link.closed", f => f.GetProperty("link").GetString() == cleo.EndpointId);

        // Cody removes Cyd (0/5000 for Cyd); Cara ends it for everyone (0/4097 for Cody).
        var removed = await cody.RequestAsync("participant.remove", new { callId, target = CallUser.Cyd.RawId });
        Assert.Equal("ack", removed.GetProperty("type").GetString());
        Assert.Equal((0, 5000), await EndedAsync(cyd, callId));
        var cydGone = await ParticipantAsync(cara, callId, CallUser.Cyd, "Disconnected");
        Assert.Equal((0, 5000), Reason(cydGone.GetProperty("participant").GetProperty("callEndReason")));
        await cara.SendAsync(new { type = "call.hangup", callId, forEveryone = true });
        Assert.Equal((0, 0), await EndedAsync(cara, callId));
        Assert.Equal((0, 4097), await EndedAsync(cody, callId));
    }

    [Fact]
    public async Task Adding_someone_turns_a_one_to_one_call_into_a_group_call_that_outlives_its_caller()
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        await using var cleo = await AgentAsync(Server, CallUser.Cleo);
        var callId = await StartAsync(cara, null, CallUser.Cody);
        await AnswerAsync(cody, callId);
        await NegotiateAsync(cody, callId, 1);
        await StateAsync(cara, callId, "Connected");

        Assert.Equal("ack", (await cara.RequestAsync("participant.add", new { callId, target = CallUser.Cleo.RawId })).GetProperty("type").GetString());
        var again = await cara.RequestAsync("participant.add", new { callId, target = CallUser.Cleo.RawId });
        Assert.Equal((409, 10115), Reason(again));
        await AnswerAsync(cleo, callId);
        await NegotiateAsync(cleo, callId, 2);

        await cara.SendAsync(new { type = "call.hangup", callId });
        Assert.Equal((0, 0), await EndedAsync(cara, callId));
        await RemovedAsync(cody, callId, CallUser.Cara);
        await RemovedAsync(cleo, callId, CallUser.Cara);
        Assert.Empty(cody.All("call.ended", callId));

        // The call lives while anyone is in it: it is over when the last one leaves.
        await cody.SendAsync(new { type = "call.hangup", callId });
        await EndedAsync(cody, callId);
        await RemovedAsync(cleo, callId, CallUser.Cody);
        Assert.Empty(cleo.All("call.ended", callId));
        await cleo.SendAsync(new { type = "call.hangup", callId });
        Assert.Equal((0, 0), await EndedAsync(cleo, callId));
    }

    [Fact]
    public async Task A_participant_who_declines_a_group_call_leaves_it_with_603_and_the_call_goes_on()
    {
        var thread = await GroupChatAsync(Server, CallUser.Cara, CallUser.Cody, CallUser.Cleo);
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        await using var cleo = await AgentAsync(Server, CallUser.Cleo);
        var callId = await StartAsync(cara, thread, CallUser.Cody, CallUser.Cleo);
        await IncomingAsync(cleo, callId);
        await cleo.SendAsync(new { type = "call.reject", callId });
        Assert.Equal((603, 0), await EndedAsync(cleo, callId));
        var declined = await ParticipantAsync(cara, callId, CallUser.Cleo, "Disconnected");
        Assert.Equal((603, 0), Reason(declined.GetProperty("participant").GetProperty("callEndReason")));
        await AnswerAsync(cody, callId);
        await NegotiateAsync(cody, callId, 1);
        await StateAsync(cara, callId, "Connected");
        Assert.Empty(cara.All("call.ended", callId));
        await cara.SendAsync(new { type = "call.hangup", callId, forEveryone = true });
        Assert.Equal((0, 4097), await EndedAsync(cody, callId));
    }

    [Fact]
    public async Task Speakers_are_ordered_by_who_spoke_last_and_muting_stops_speaking()
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        await using var cleo = await AgentAsync(Server, CallUser.Cleo);
        var callId = await StartAsync(cara, null, CallUser.Cody);
        await AnswerAsync(cody, callId);
        await NegotiateAsync(cody, callId, 1);
        await cara.RequestAsync("participant.add", new { callId, target = CallUser.Cleo.RawId });
        await AnswerAsync(cleo, callId);
        await NegotiateAsync(cleo, callId, 2);

        static bool Order(JsonElement f, params string[] ids) => f.GetProperty("speakers").EnumerateArray().Select(s => s.GetString()).SequenceEqual(ids);
        await cody.SendAsync(new { type = "media.speaking", callId, isSpeaking = true });
        await cara.SeenAsync("speakers", f => Order(f, CallUser.Cody.RawId));
        await cleo.SendAsync(new { type = "media.speaking", callId, isSpeaking = true });
        await cara.SeenAsync("speakers", f => Order(f, CallUser.Cleo.RawId, CallUser.Cody.RawId));
        var speaking = await cara.SeenAsync("participant.updated", f => f.GetProperty("participant").GetProperty("rawId").GetString() == CallUser.Cody.RawId && f.GetProperty("participant").GetProperty("isSpeaking").GetBoolean());
        Assert.Equal("Connected", speaking.GetProperty("participant").GetProperty("state").GetString());

        await cleo.SendAsync(new { type = "media.state", callId, isMuted = true, streams = Array.Empty<object>() });
        await cara.SeenAsync("participant.updated", f => f.GetProperty("participant").GetProperty("rawId").GetString() == CallUser.Cleo.RawId
            && f.GetProperty("participant").GetProperty("isMuted").GetBoolean() && !f.GetProperty("participant").GetProperty("isSpeaking").GetBoolean());
        await cleo.SendAsync(new { type = "call.hangup", callId });
        await RemovedAsync(cara, callId, CallUser.Cleo);
        Assert.True(Order(cara.All("speakers", callId)[^1], CallUser.Cody.RawId), "Who left is no longer a speaker.");
        await cara.SendAsync(new { type = "call.hangup", callId, forEveryone = true });
    }
}

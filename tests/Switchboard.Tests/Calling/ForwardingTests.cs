using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Calling.Calls;

namespace Switchboard.Tests.Calling;

/// <summary>
/// Forwarding by the server, with the settings GroupCallingServer makes through PUT /calling/forwarding: immediate (Rosa → Remy), busy
/// (Remy → Erin), unanswered after 5 s (Erin → Ezra), a loop (Jay ⇄ Reggie), and the forward() extension.
/// </summary>
[Collection(GroupCallingCollection.Name)]
public sealed class ForwardingTests(GroupCallingServer fixture)
{
    private SwitchboardServer Server => fixture.Server;

    [Fact]
    public async Task Immediate_forwarding_never_rings_the_user_and_rings_the_target_with_the_user_as_transferor()
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var rosa = await AgentAsync(Server, CallUser.Ropc);
        await using var remy = await AgentAsync(Server, CallUser.Remy);
        var callId = await StartAsync(cara, null, CallUser.Ropc);
        var ring = await IncomingAsync(remy, callId);
        Assert.Equal(CallUser.Ropc.RawId, ring.GetProperty("transferorInfo").GetProperty("rawId").GetString());
        Assert.Equal(CallUser.Cara.RawId, ring.GetProperty("callerInfo").GetProperty("rawId").GetString());
        await ParticipantAsync(cara, callId, CallUser.Remy, "Connecting");
        await cara.SendAsync(new { type = "call.hangup", callId });
        Assert.Equal((487, 0), await EndedAsync(remy, callId));
        Assert.DoesNotContain(rosa.Received, f => f.GetProperty("type").GetString() == "call.incoming");
    }

    [Fact]
    public async Task Unanswered_forwarding_stops_the_ring_after_its_delay_and_the_caller_sees_the_participant_replaced()
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var erin = await AgentAsync(Server, CallUser.Erin);
        await using var ezra = await AgentAsync(Server, CallUser.Ezra);
        var callId = await StartAsync(cara, null, CallUser.Erin);
        await IncomingAsync(erin, callId);
        await ParticipantAsync(cara, callId, CallUser.Erin, "Connecting");
        var ring = await IncomingAsync(ezra, callId);
        Assert.Equal(CallUser.Erin.RawId, ring.GetProperty("transferorInfo").GetProperty("rawId").GetString());
        Assert.Equal((487, 10004), await EndedAsync(erin, callId));
        await RemovedAsync(cara, callId, CallUser.Erin);
        await ParticipantAsync(cara, callId, CallUser.Ezra, "Connecting");

        await ezra.SendAsync(new { type = "call.accept", callId });
        await NegotiateAsync(ezra, callId, 1);
        var connected = await ParticipantAsync(cara, callId, CallUser.Ezra, "Connected");
        Assert.Equal(CallUser.Erin.RawId, connected.GetProperty("participant").GetProperty("transferorInfo").GetProperty("rawId").GetString());
        await cara.SendAsync(new { type = "call.hangup", callId });
    }

    [Fact]
    public async Task Busy_forwarding_applies_while_the_user_is_in_a_connected_call()
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        await using var remy = await AgentAsync(Server, CallUser.Remy);
        await using var erin = await AgentAsync(Server, CallUser.Erin);
        var busy = await StartAsync(cody, null, CallUser.Remy);
        await AnswerAsync(remy, busy);
        await NegotiateAsync(remy, busy, 1);

        var callId = await StartAsync(cara, null, CallUser.Remy);
        var ring = await IncomingAsync(erin, callId);
        Assert.Equal(CallUser.Remy.RawId, ring.GetProperty("transferorInfo").GetProperty("rawId").GetString());
        Assert.DoesNotContain(remy.Received, f => f.GetProperty("type").GetString() == "call.incoming" && CallId(f.GetProperty("call")) == callId);
        await cara.SendAsync(new { type = "call.hangup", callId });
        await cody.SendAsync(new { type = "call.hangup", callId = busy });
    }

    [Fact]
    public async Task Forwarding_that_would_loop_stops_at_the_last_new_user()
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var jay = await AgentAsync(Server, CallUser.Jay);
        await using var reggie = await AgentAsync(Server, CallUser.Reggie);
        var callId = await StartAsync(cara, null, CallUser.Jay);
        var ring = await IncomingAsync(reggie, callId);
        Assert.Equal(CallUser.Jay.RawId, ring.GetProperty("transferorInfo").GetProperty("rawId").GetString());
        await Task.Delay(300);
        Assert.DoesNotContain(jay.Received, f => f.GetProperty("type").GetString() == "call.incoming");
        await cara.SendAsync(new { type = "call.hangup", callId });
    }

    [Fact]
    public async Task The_forward_extension_sends_a_ringing_call_on_with_the_forwarder_as_transferor()
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cyd = await AgentAsync(Server, CallUser.Cyd);
        await using var cydPhone = await AgentAsync(Server, CallUser.Cyd);
        await using var cleo = await AgentAsync(Server, CallUser.Cleo);
        var callId = await StartAsync(cara, null, CallUser.Cyd);
        await IncomingAsync(cyd, callId);
        var reply = await cyd.RequestAsync("call.forward", new { callId, target = CallUser.Cleo.RawId });
        Assert.Equal("ack", reply.GetProperty("type").GetString());
        Assert.Equal((302, 0), await EndedAsync(cyd, callId));
        Assert.Equal((302, 0), await EndedAsync(cydPhone, callId));
        var ring = await IncomingAsync(cleo, callId);
        Assert.Equal(CallUser.Cyd.RawId, ring.GetProperty("transferorInfo").GetProperty("rawId").GetString());
        await RemovedAsync(cara, callId, CallUser.Cyd);
        await cleo.SendAsync(new { type = "call.accept", callId });
        await NegotiateAsync(cleo, callId, 1);
        await StateAsync(cara, callId, "Connected");

        var late = await cleo.RequestAsync("call.forward", new { callId, target = CallUser.Cody.RawId });
        Assert.Equal((400, 10107), Reason(late));
        await cara.SendAsync(new { type = "call.hangup", callId });
    }
}

using System.Text.Json;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Calling.Calls;

namespace Switchboard.Tests.Calling;

/// <summary>Transfer done by the server: blind (ring the target for the transferee) and consultative (join the transferor's two peers), with the Transfer state sequence the transferor sees.</summary>
[Collection(GroupCallingCollection.Name)]
public sealed class TransferTests(GroupCallingServer fixture)
{
    private SwitchboardServer Server => fixture.Server;

    [Fact]
    public async Task Blind_transfer_rings_the_target_for_the_transferee_and_ends_the_old_leg_once_answered()
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        await using var cleo = await AgentAsync(Server, CallUser.Cleo);
        var callId = await ConnectedAsync(cara, cody, CallUser.Cody);

        var requestId = Guid.NewGuid().ToString("N");
        await cara.SendAsync(new { type = "transfer.request", requestId, callId, targetParticipant = CallUser.Cleo.RawId });
        var ring = await IncomingAsync(cleo);
        var legId = CallId(ring.GetProperty("call"));
        Assert.NotEqual(callId, legId);
        Assert.Equal(CallUser.Cody.RawId, ring.GetProperty("callerInfo").GetProperty("rawId").GetString());
        Assert.Equal(CallUser.Cara.RawId, ring.GetProperty("transferorInfo").GetProperty("rawId").GetString());
        await cleo.SendAsync(new { type = "call.accept", callId = legId });

        var accepted = await cody.SeenAsync("transfer.accepted", f => f.GetProperty("callId").GetString() == callId);
        Assert.Equal(legId, CallId(accepted.GetProperty("call")));
        Assert.Equal(CallUser.Cara.RawId, accepted.GetProperty("call").GetProperty("transferorInfo").GetProperty("rawId").GetString());
        var link = Assert.Single(await NegotiateAsync(cody, legId, 1));
        Assert.Equal(cleo.EndpointId, link.GetProperty("link").GetString());
        await StateAsync(cleo, legId, "Connected");

        Assert.Equal(["Transferring", "Transferred"], States(cara, callId));
        Assert.Equal((0, 7015), await EndedAsync(cara, callId));
        Assert.Equal((0, 7015), await EndedAsync(cody, callId));
        await cody.SendAsync(new { type = "call.hangup", callId = legId });
        Assert.Equal((0, 5003), await EndedAsync(cleo, legId));
    }

    public static TheoryData<string, int, int> Failures => new()
    {
        { "declined", 603, 0 },
        { "offline", 480, 0 },
        { "not answered", 487, 10004 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_blind_transfer_the_target_does_not_take_fails_with_its_reason_and_the_call_goes_on(string how, int code, int subCode)
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        await using var cleo = await AgentAsync(Server, CallUser.Cleo);
        var callId = await ConnectedAsync(cara, cody, CallUser.Cody);
        var target = how == "offline" ? CallUser.Cyd : CallUser.Cleo;

        await cara.SendAsync(new { type = "transfer.request", requestId = "t1", callId, targetParticipant = target.RawId });
        if (how == "declined")
        {
            var ring = await IncomingAsync(cleo);
            await cleo.SendAsync(new { type = "call.reject", callId = CallId(ring.GetProperty("call")) });
        }

        var failed = await cara.SeenAsync("transfer.state", f => f.GetProperty("state").GetString() == "Failed", TimeSpan.FromSeconds(30));
        Assert.Equal((code, subCode), Reason(failed));
        Assert.Empty(cody.All("transfer.accepted", callId));
        Assert.Empty(cara.All("call.ended", callId));
        await cara.SendAsync(new { type = "call.hold", callId });
        await StateAsync(cody, callId, "RemoteHold");
        await cara.SendAsync(new { type = "call.hangup", callId });
        Assert.Equal((0, 5003), await EndedAsync(cody, callId));
    }

    [Fact]
    public async Task Consultative_transfer_connects_the_transferors_two_peers_and_ends_both_of_its_calls()
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        await using var cleo = await AgentAsync(Server, CallUser.Cleo);
        var first = await ConnectedAsync(cara, cody, CallUser.Cody);
        await cara.SendAsync(new { type = "call.hold", callId = first });
        var second = await ConnectedAsync(cara, cleo, CallUser.Cleo);

        await cara.SendAsync(new { type = "transfer.request", requestId = "c1", callId = first, targetCallId = second });
        var forCody = await cody.SeenAsync("transfer.accepted", f => f.GetProperty("callId").GetString() == first);
        var forCleo = await cleo.SeenAsync("transfer.accepted", f => f.GetProperty("callId").GetString() == second);
        var bridged = CallId(forCody.GetProperty("call"));
        Assert.Equal(bridged, CallId(forCleo.GetProperty("call")));
        Assert.Equal(CallUser.Cleo.RawId, forCody.GetProperty("call").GetProperty("participants")[0].GetProperty("rawId").GetString());
        await NegotiateAsync(cleo, bridged, 1);
        await StateAsync(cody, bridged, "Connected");

        Assert.Equal(["Transferring", "Transferred"], States(cara, first));
        Assert.Equal((0, 7015), await EndedAsync(cara, first));
        Assert.Equal((0, 7015), await EndedAsync(cara, second));
        Assert.Equal((0, 7015), await EndedAsync(cody, first));
        Assert.Equal((0, 7015), await EndedAsync(cleo, second));
        await cleo.SendAsync(new { type = "call.hangup", callId = bridged });
        Assert.Equal((0, 5003), await EndedAsync(cody, bridged));
    }

    [Fact]
    public async Task A_transfer_needs_a_connected_call_with_one_other_participant()
    {
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        var callId = await StartAsync(cara, null, CallUser.Cody);
        var early = await cara.RequestAsync("transfer.request", new { callId, targetParticipant = CallUser.Cleo.RawId });
        Assert.Equal((400, 10107), Reason(early));
        await cara.SendAsync(new { type = "call.hangup", callId });
    }

    private static List<string> States(TestAgent agent, string callId)
        => agent.All("transfer.state", callId).Select(f => f.GetProperty("state").GetString()!).ToList();

    private static async Task<string> ConnectedAsync(TestAgent caller, TestAgent callee, CallUser to)
    {
        var callId = await StartAsync(caller, null, to);
        await AnswerAsync(callee, callId);
        await NegotiateAsync(callee, callId, 1);
        await StateAsync(caller, callId, "Connected");
        return callId;
    }
}

using System.Diagnostics;
using static Switchboard.Tests.Calling.Calls;

namespace Switchboard.Tests.Calling.Sfu;

/// <summary>The call controller moves a call from mesh to the SFU when it reaches the threshold (4), over the real signaling WebSocket.</summary>
[Collection(SfuCollection.Name)]
public sealed class SfuSwitchTests(SfuServer fixture)
{
    [Fact]
    public async Task The_fourth_joiner_moves_a_room_call_to_the_sfu_everyone_gets_call_media_and_pub_sub_links_and_the_room_closes_with_the_call()
    {
        await fixture.RunningJanusAsync();
        var server = fixture.Server;
        var groupId = Guid.NewGuid().ToString();
        var agents = new List<TestAgent>();
        try
        {
            foreach (var user in new[] { CallUser.Cara, CallUser.Cody, CallUser.Cleo })
            {
                agents.Add(await AgentAsync(server, user));
            }

            string? callId = null;
            foreach (var agent in agents)
            {
                var created = await agent.RequestAsync("call.join", new { groupId });
                Assert.Equal("mesh", created.GetProperty("call").GetProperty("topology").GetString());
                callId = CallId(created.GetProperty("call"));
            }

            // Three people: mesh links named by peer endpoint id.
            var mesh = await agents[2].SeenAsync("call.negotiate", f => f.GetProperty("callId").GetString() == callId);
            Assert.Equal(agents[0].EndpointId, mesh.GetProperty("link").GetString());

            var fourth = await AgentAsync(server, CallUser.Cyd);
            agents.Add(fourth);
            await fourth.RequestAsync("call.join", new { groupId });
            foreach (var agent in agents)
            {
                var media = await agent.SeenAsync("call.media", f => f.GetProperty("callId").GetString() == callId);
                Assert.Equal("sfu", media.GetProperty("topology").GetString());
                var pub = await agent.SeenAsync("call.negotiate", f => f.GetProperty("callId").GetString() == callId && f.GetProperty("link").GetString() == "pub");
                var sub = await agent.SeenAsync("call.negotiate", f => f.GetProperty("callId").GetString() == callId && f.GetProperty("link").GetString() == "sub");
                Assert.False(pub.GetProperty("polite").GetBoolean());
                Assert.True(sub.GetProperty("polite").GetBoolean());
                Assert.True(sub.GetProperty("receiveOnly").GetBoolean());
            }

            // Mesh links of the first three close; a link the SFU topology does not know is refused, not a 500.
            await agents[0].SeenAsync("link.closed", f => f.GetProperty("callId").GetString() == callId);
            var refused = await agents[0].RequestAsync("signal", new { callId, link = agents[1].EndpointId, candidate = new { candidate = "", sdpMid = "0" } });
            Assert.Equal("error", refused.GetProperty("type").GetString());
            Assert.Equal(400, refused.GetProperty("code").GetInt32());

            // A publisher offer Janus cannot use fails that endpoint's media (410/301005); the others stay.
            await agents[3].SendAsync(new { type = "signal", callId, link = "pub", description = new { type = "offer", sdp = "v=0\r\n" } });
            Assert.Equal((410, 301005), await EndedAsync(agents[3], callId!, TimeSpan.FromSeconds(20)));
            await agents[0].SeenAsync("participant.removed", f => f.GetProperty("callId").GetString() == callId && f.GetProperty("rawId").GetString() == CallUser.Cyd.RawId);

            foreach (var agent in agents.Take(3))
            {
                await agent.SendAsync(new { type = "call.hangup", callId });
            }

            await EndedAsync(agents[2], callId!);
            await WaitForAsync(() => server.Logs.Lines.Any(l => l.Contains($"SFU room for call {callId} closed", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task When_janus_dies_an_sfu_call_ends_410_301005_for_everyone_and_later_calls_get_a_room_on_the_restarted_janus()
    {
        await fixture.RunningJanusAsync();
        var server = fixture.Server;
        var groupId = Guid.NewGuid().ToString();
        var agents = new List<TestAgent>();
        try
        {
            string? callId = null;
            foreach (var user in new[] { CallUser.Cara, CallUser.Cody, CallUser.Cleo, CallUser.Cyd })
            {
                var agent = await AgentAsync(server, user);
                agents.Add(agent);
                callId = CallId((await agent.RequestAsync("call.join", new { groupId })).GetProperty("call"));
            }

            await agents[0].SeenAsync("call.media", f => f.GetProperty("callId").GetString() == callId);
            await WaitForAsync(() => server.Logs.Lines.Any(l => l.Contains($"opened for call {callId}", StringComparison.Ordinal)));
            using (var janus = Process.GetProcessById(fixture.Launcher.ProcessId ?? throw new InvalidOperationException("No Janus process.")))
            {
                janus.Kill();
            }

            foreach (var agent in agents)
            {
                Assert.Equal((410, 301005), await EndedAsync(agent, callId!, TimeSpan.FromSeconds(30)));
            }

            // The restarted Janus serves the next call that reaches the threshold.
            await fixture.RunningJanusAsync();
            var again = Guid.NewGuid().ToString();
            foreach (var agent in agents)
            {
                callId = CallId((await agent.RequestAsync("call.join", new { groupId = again })).GetProperty("call"));
            }

            await agents[3].SeenAsync("call.media", f => f.GetProperty("callId").GetString() == callId);
            await WaitForAsync(() => server.Logs.Lines.Any(l => l.Contains($"opened for call {callId}", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }
}

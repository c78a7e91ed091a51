using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Graph.Models;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Calling;

/// <summary>A server whose ring timeout, reconnect grace and token checks run in seconds.</summary>
public sealed class CallingServer : IAsyncLifetime
{
    public SwitchboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
        => Server = await SwitchboardServer.StartAsync(settings: new Dictionary<string, string>
        {
            // Short enough for the timeout tests, long enough that a loaded 2-core CI box answers in time.
            ["Calling:RingTimeout"] = "00:00:06",
            ["Calling:ReconnectGrace"] = "00:00:05",
            ["Calling:TokenCheckInterval"] = "00:00:00.300",
            ["Calling:Turn:Secret"] = "coturn-test-secret",
            ["Calling:Turn:Urls:0"] = "turn:127.0.0.1:3478?transport=udp",
            ["Calling:IceServers:0:Urls:0"] = "stun:127.0.0.1:3478",
        });

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();
}

/// <summary>The call state machine over the real WebSocket: ringing every endpoint, answer, decline, cancel, timeout, offline, hold, hang-up, tokens, resume, and the chat as call history.</summary>
public sealed class CallSignalingTests(CallingServer fixture) : IClassFixture<CallingServer>
{
    private static readonly (string Upn, string Password, string Id) Cara = ("cara@fabrikam.test", "Fabrikam!Cara1", "22222222-0000-4000-8000-000000000051");
    private static readonly (string Upn, string Password, string Id) Cody = ("cody@fabrikam.test", "Fabrikam!Cody1", "22222222-0000-4000-8000-000000000052");
    private static readonly (string Upn, string Password, string Id) Cleo = ("cleo@fabrikam.test", "Fabrikam!Cleo1", "22222222-0000-4000-8000-000000000053");
    private static readonly (string Upn, string Password, string Id) Cyd = ("cyd@fabrikam.test", "Fabrikam!Cyd1", "22222222-0000-4000-8000-000000000054");

    private SwitchboardServer Server => fixture.Server;

    [Fact]
    public async Task Every_endpoint_rings_the_first_answer_wins_and_the_call_lands_in_the_chat()
    {
        await using var caller = await AgentAsync(Cara);
        await using var phone = await AgentAsync(Cody);
        await using var laptop = await AgentAsync(Cody);

        var callId = await caller.StartCallAsync("8:orgid:" + Cody.Id);
        var onPhone = await phone.NextAsync("call.incoming");
        var onLaptop = await laptop.NextAsync("call.incoming");
        Assert.Equal(callId, onPhone.GetProperty("call").GetProperty("callId").GetString());
        Assert.Equal(("8:orgid:" + Cara.Id, "Cara Caller"), (onLaptop.GetProperty("callerInfo").GetProperty("rawId").GetString(), onLaptop.GetProperty("callerInfo").GetProperty("displayName").GetString()));
        var threadId = onPhone.GetProperty("call").GetProperty("threadId").GetString();
        Assert.Equal($"19:{Cara.Id}_{Cody.Id}@unq.gbl.spaces", threadId);

        await phone.SendAsync(new { type = "call.ringing", callId });
        await caller.StateAsync(callId, "Ringing");
        await laptop.SendAsync(new { type = "call.accept", callId });
        var elsewhere = await phone.EndedAsync(callId);
        Assert.Equal((487, 10003), (elsewhere.GetProperty("code").GetInt32(), elsewhere.GetProperty("subCode").GetInt32()));

        var callerNegotiate = await caller.NextAsync("call.negotiate");
        var calleeNegotiate = await laptop.NextAsync("call.negotiate");
        Assert.Equal((laptop.EndpointId, false), (callerNegotiate.GetProperty("peerEndpointId").GetString(), callerNegotiate.GetProperty("polite").GetBoolean()));
        Assert.Equal((caller.EndpointId, true), (calleeNegotiate.GetProperty("peerEndpointId").GetString(), calleeNegotiate.GetProperty("polite").GetBoolean()));

        // SDP and ICE are relayed to the answering endpoint only.
        await caller.SendAsync(new { type = "signal", callId, description = new { type = "offer", sdp = "v=0 offer" } });
        var offer = await laptop.NextAsync("signal");
        Assert.Equal(("offer", caller.EndpointId), (offer.GetProperty("description").GetProperty("type").GetString(), offer.GetProperty("fromEndpointId").GetString()));
        await laptop.SendAsync(new { type = "signal", callId, candidate = new { candidate = "candidate:1 1 udp 1 192.0.2.1 5000 typ host", sdpMid = "0" } });
        Assert.Equal("0", (await caller.NextAsync("signal")).GetProperty("candidate").GetProperty("sdpMid").GetString());
        Assert.DoesNotContain(phone.Received, f => f.GetProperty("type").GetString() == "signal");

        await laptop.SendAsync(new { type = "media.connected", callId });
        await caller.StateAsync(callId, "Connected");
        await laptop.StateAsync(callId, "Connected");
        await Task.Delay(1100);

        await caller.SendAsync(new { type = "call.hangup", callId, forEveryone = false });
        Assert.Equal((0, 0), Reason(await caller.EndedAsync(callId)));
        Assert.Equal((0, 5003), Reason(await laptop.EndedAsync(callId)));

        // The chat is the call history.
        var graph = await GraphClients.SignInAsync(Server, Cody.Upn, Cody.Password);
        var detail = await WaitForCallEndedAsync(graph, threadId!, callId);
        Assert.Equal(Cara.Id, detail.Initiator!.User!.Id);
        Assert.Equal([Cara.Id, Cody.Id], detail.CallParticipants!.Select(p => p.Participant!.User!.Id).Order());
        Assert.True(detail.CallDuration >= TimeSpan.FromSeconds(1), detail.CallDuration?.ToString());
    }

    [Fact]
    public async Task Decline_is_603_for_the_caller_and_ends_ringing_elsewhere()
    {
        await using var caller = await AgentAsync(Cleo);
        await using var one = await AgentAsync(Cyd);
        await using var two = await AgentAsync(Cyd);
        var callId = await caller.StartCallAsync("8:orgid:" + Cyd.Id);
        await one.NextAsync("call.incoming");
        await two.NextAsync("call.incoming");
        await one.SendAsync(new { type = "call.reject", callId });
        Assert.Equal((603, 0), Reason(await caller.EndedAsync(callId)));
        Assert.Equal((603, 0), Reason(await one.EndedAsync(callId)));
        Assert.Equal((487, 10024), Reason(await two.EndedAsync(callId)));
    }

    [Fact]
    public async Task Caller_cancel_is_487_on_the_ringing_endpoints()
    {
        await using var caller = await AgentAsync(Cleo);
        await using var callee = await AgentAsync(Cyd);
        var callId = await caller.StartCallAsync("8:orgid:" + Cyd.Id);
        await callee.NextAsync("call.incoming");
        await caller.SendAsync(new { type = "call.hangup", callId });
        Assert.Equal((0, 0), Reason(await caller.EndedAsync(callId)));
        Assert.Equal((487, 0), Reason(await callee.EndedAsync(callId)));
    }

    [Fact]
    public async Task Nobody_answering_ends_with_487_10004_after_the_ring_timeout()
    {
        await using var caller = await AgentAsync(Cleo);
        await using var callee = await AgentAsync(Cyd);
        var callId = await caller.StartCallAsync("8:orgid:" + Cyd.Id);
        await callee.NextAsync("call.incoming");
        Assert.Equal((487, 10004), Reason(await caller.EndedAsync(callId, TimeSpan.FromSeconds(30))));
        Assert.Equal((487, 10004), Reason(await callee.EndedAsync(callId)));
    }

    [Fact]
    public async Task Calling_someone_without_a_connected_endpoint_is_480()
    {
        await using var caller = await AgentAsync(Cleo);
        var callId = await caller.StartCallAsync("8:orgid:22222222-0000-4000-8000-000000000002");
        Assert.Equal((480, 0), Reason(await caller.EndedAsync(callId)));
    }

    [Fact]
    public async Task Hold_and_resume_are_local_and_remote_hold_and_media_state_is_relayed()
    {
        await using var caller = await AgentAsync(Cleo);
        await using var callee = await AgentAsync(Cyd);
        var callId = await ConnectedCallAsync(caller, callee, Cyd.Id);

        await caller.SendAsync(new { type = "call.hold", callId });
        await caller.StateAsync(callId, "LocalHold");
        await callee.StateAsync(callId, "RemoteHold");
        await callee.NextAsync("participant.updated", f => f.GetProperty("participant").GetProperty("state").GetString() == "Hold");
        await caller.SendAsync(new { type = "call.resume", callId });
        await caller.StateAsync(callId, "Connected");
        await callee.StateAsync(callId, "Connected");

        await callee.SendAsync(new { type = "media.state", callId, isMuted = true, streams = new object[] { new { id = 1, mediaStreamType = "Video", mid = "1" }, new { id = 2, mediaStreamType = "ScreenSharing", mid = "2" } } });
        var update = await caller.NextAsync("participant.updated", f => f.GetProperty("participant").GetProperty("isMuted").GetBoolean());
        var streams = update.GetProperty("participant").GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("mediaStreamType").GetString()).ToList();
        Assert.Equal(["Video", "ScreenSharing"], streams);

        await callee.SendAsync(new { type = "call.hangup", callId, forEveryone = true });
        Assert.Equal((0, 4097), Reason(await caller.EndedAsync(callId)));
    }

    [Fact]
    public async Task A_thread_call_needs_both_people_in_the_thread()
    {
        var graph = await GraphClients.SignInAsync(Server, "lee@fabrikam.test", "Fabrikam!Lee1");
        var chat = await graph.Chats.PostAsync(new Microsoft.Graph.Models.Chat
        {
            ChatType = ChatType.Group,
            Topic = "Not Cyd's",
            Members = new[] { "22222222-0000-4000-8000-000000000031", Cleo.Id }.Select(id => (ConversationMember)new AadUserConversationMember
            {
                Roles = ["owner"],
                AdditionalData = new Dictionary<string, object> { ["user@odata.bind"] = $"https://graph.microsoft.com/v1.0/users('{id}')" },
            }).ToList(),
        });
        await using var caller = await AgentAsync(Cleo);
        await using var callee = await AgentAsync(Cyd);
        await caller.SendAsync(new { type = "call.start", requestId = "r1", targets = new[] { "8:orgid:" + Cyd.Id }, threadId = chat!.Id });
        var error = await caller.NextAsync("error", f => f.GetProperty("requestId").GetString() == "r1");
        Assert.Equal((403, 10100), Reason(error));
    }

    [Fact]
    public async Task A_dropped_endpoint_resumes_within_the_grace_period_and_is_ended_after_it()
    {
        await using var caller = await AgentAsync(Cleo);
        var calleeToken = await TestAgent.TeamsTokenAsync(Server, Cyd.Upn, Cyd.Password, Cyd.Id);
        var callee = await TestAgent.ConnectAsync(Server, calleeToken);
        var callId = await ConnectedCallAsync(caller, callee, Cyd.Id);

        callee.Drop();
        await using var resumed = await TestAgent.ConnectAsync(Server, calleeToken, callee.ResumeToken);
        Assert.Equal(callee.EndpointId, resumed.EndpointId);
        var snapshot = Assert.Single(resumed.Connected.GetProperty("calls").EnumerateArray());
        Assert.Equal((callId, "Connected"), (snapshot.GetProperty("callId").GetString(), snapshot.GetProperty("state").GetString()));

        // A wrong resume token is a new endpoint, not the old one.
        await using var stranger = await TestAgent.ConnectAsync(Server, calleeToken, "not-the-token");
        Assert.NotEqual(callee.EndpointId, stranger.EndpointId);

        resumed.Drop();
        Assert.Equal((408, 0), Reason(await caller.EndedAsync(callId, TimeSpan.FromSeconds(30))));
        await callee.DisposeAsync();
    }

    [Fact]
    public async Task A_revoked_token_disconnects_the_agent_with_invalidToken_and_ends_its_calls()
    {
        using var acs = new AcsClient(Server, AcsClient.Key("contoso-acs"));
        async Task<(string Id, string Token)> IdentityAsync()
        {
            var reply = await acs.CreateAsync("{\"createTokenWithScopes\":[\"voip\"]}");
            Assert.Equal(HttpStatusCode.Created, reply.Status);
            return (reply.Body.GetProperty("identity").GetProperty("id").GetString()!, reply.Body.GetProperty("accessToken").GetProperty("token").GetString()!);
        }

        var (aliceId, aliceToken) = await IdentityAsync();
        var (bobId, bobToken) = await IdentityAsync();
        await using var alice = await TestAgent.ConnectAsync(Server, aliceToken, displayName: "Alice");
        await using var bob = await TestAgent.ConnectAsync(Server, bobToken, displayName: "Bob");
        Assert.Equal("communicationUser", alice.Connected.GetProperty("identity").GetProperty("kind").GetString());
        var callId = await ConnectedCallAsync(alice, bob, bobId, rawTarget: true);

        var revoke = await acs.SendAsync(HttpMethod.Post, $"/identities/{Uri.EscapeDataString(aliceId)}/:revokeAccessTokens?api-version={AcsClient.Version}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.Status);
        Assert.Equal((495, 4507), Reason(await alice.EndedAsync(callId)));
        Assert.Equal("invalidToken", (await alice.NextAsync("agent.disconnected")).GetProperty("reason").GetString());
        Assert.Equal((0, 5003), Reason(await bob.EndedAsync(callId)));
    }

    [Fact]
    public async Task A_fresh_token_for_the_same_identity_is_taken_and_another_identitys_is_refused()
    {
        await using var agent = await AgentAsync(Cleo);
        await agent.SendAsync(new { type = "agent.token", requestId = "t1", token = await TestAgent.TeamsTokenAsync(Server, Cleo.Upn, Cleo.Password, Cleo.Id) });
        var accepted = await agent.NextAsync("agent.token.accepted", f => f.GetProperty("requestId").GetString() == "t1");
        Assert.True(accepted.GetProperty("expiresOn").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        await agent.SendAsync(new { type = "agent.token", requestId = "t2", token = await TestAgent.TeamsTokenAsync(Server, Cyd.Upn, Cyd.Password, Cyd.Id) });
        Assert.Equal((401, 4507), Reason(await agent.NextAsync("error", f => f.GetProperty("requestId").GetString() == "t2")));
        await agent.SendAsync(new { type = "agent.token", requestId = "t3", token = "garbage" });
        Assert.Equal((401, 4507), Reason(await agent.NextAsync("error", f => f.GetProperty("requestId").GetString() == "t3")));
    }

    [Fact]
    public async Task Ice_servers_include_time_limited_turn_credentials()
    {
        await using var agent = await AgentAsync(Cleo);
        var servers = agent.Connected.GetProperty("iceServers").EnumerateArray().ToList();
        Assert.Equal("stun:127.0.0.1:3478", servers[0].GetProperty("urls")[0].GetString());
        var turn = servers[1];
        var username = turn.GetProperty("username").GetString()!;
        Assert.EndsWith(":8:orgid:" + Cleo.Id, username);
        Assert.True(long.Parse(username.Split(':')[0]) > DateTimeOffset.UtcNow.AddHours(11).ToUnixTimeSeconds());
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData("coturn-test-secret"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(username)));
        Assert.Equal(expected, turn.GetProperty("credential").GetString());
    }

    [Fact]
    public async Task Agents_without_a_valid_token_are_refused_before_the_upgrade()
    {
        using var http = Server.CreateClient();
        using var response = await http.GetAsync("calling/agent?access_token=nonsense");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("InvalidAccessToken", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        await Assert.ThrowsAsync<WebSocketException>(() => TestAgent.ConnectAsync(Server, "nonsense"));
    }

    private async Task<TestAgent> AgentAsync((string Upn, string Password, string Id) user)
        => await TestAgent.ConnectAsync(Server, await TestAgent.TeamsTokenAsync(Server, user.Upn, user.Password, user.Id));

    private static async Task<string> ConnectedCallAsync(TestAgent caller, TestAgent callee, string calleeId, bool rawTarget = false)
    {
        var callId = await caller.StartCallAsync(rawTarget ? calleeId : "8:orgid:" + calleeId);
        await callee.NextAsync("call.incoming", f => f.GetProperty("call").GetProperty("callId").GetString() == callId);
        await callee.SendAsync(new { type = "call.accept", callId });
        await caller.NextAsync("call.negotiate", f => f.GetProperty("callId").GetString() == callId);
        await callee.SendAsync(new { type = "media.connected", callId });
        await caller.StateAsync(callId, "Connected");
        await callee.StateAsync(callId, "Connected");
        return callId;
    }

    private static (int Code, int SubCode) Reason(JsonElement frame) => (frame.GetProperty("code").GetInt32(), frame.GetProperty("subCode").GetInt32());

    private static async Task<CallEndedEventMessageDetail> WaitForCallEndedAsync(Microsoft.Graph.GraphServiceClient graph, string chatId, string callId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var messages = await graph.Chats[chatId].Messages.GetAsync(r => r.Headers.Add("Prefer", "include-unknown-enum-members"));
            var found = messages!.Value!.Select(m => m.EventDetail).OfType<CallEndedEventMessageDetail>().FirstOrDefault(d => d.CallId == callId);
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "The ended call never appeared in the chat.");
            await Task.Delay(200);
        }
    }
}

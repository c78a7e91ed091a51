using System.Text.Json;
using Microsoft.Graph.Models;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Calling;

/// <summary>
/// One server for the group, transfer, forwarding, room and meeting tests (run one after another): ring
/// timeout 8 s, and forwarding settings (set through the REST API) for users these tests reserve for forwarding.
/// </summary>
public sealed class GroupCallingServer : IAsyncLifetime
{
    public SwitchboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await SwitchboardServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Calling:RingTimeout"] = "00:00:08",
            ["Calling:ReconnectGrace"] = "00:00:05",
        });

        // Each user sets their own forwarding through PUT /calling/forwarding, as the web app would:
        // Rosa forwards everything to Remy; Remy forwards to Erin when busy; Erin forwards to Ezra after
        // 5 s unanswered; Jay and Reggie forward to each other, a loop the server must cut.
        await ForwardAsync(CallUser.Ropc, new { immediate = new { rawId = CallUser.Remy.RawId } });
        await ForwardAsync(CallUser.Remy, new { busy = new { rawId = CallUser.Erin.RawId } });
        await ForwardAsync(CallUser.Erin, new { unanswered = new { rawId = CallUser.Ezra.RawId, afterSeconds = 5 } });
        await ForwardAsync(CallUser.Jay, new { immediate = new { rawId = CallUser.Reggie.RawId } });
        await ForwardAsync(CallUser.Reggie, new { immediate = new { rawId = CallUser.Jay.RawId } });
    }

    private async Task ForwardAsync(CallUser user, object settings)
    {
        var token = await TestAgent.TeamsTokenAsync(Server, user.Upn, user.Password, user.Id);
        var (status, body) = await Forwarding.ForwardingClient.PutAsync(Server, token, settings);
        Assert.True(status == 200, body.ToString());
    }

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class GroupCallingCollection : ICollectionFixture<GroupCallingServer>
{
    public const string Name = "Group calling";
}

/// <summary>Fabrikam Teams users consented to Contoso Calls with both Teams scopes.</summary>
public sealed record CallUser(string Upn, string Password, string Id, string Name)
{
    public static readonly CallUser Cara = new("cara@fabrikam.test", "Fabrikam!Cara1", "22222222-0000-4000-8000-000000000051", "Cara Caller");
    public static readonly CallUser Cody = new("cody@fabrikam.test", "Fabrikam!Cody1", "22222222-0000-4000-8000-000000000052", "Cody Callee");
    public static readonly CallUser Cleo = new("cleo@fabrikam.test", "Fabrikam!Cleo1", "22222222-0000-4000-8000-000000000053", "Cleo Caller");
    public static readonly CallUser Cyd = new("cyd@fabrikam.test", "Fabrikam!Cyd1", "22222222-0000-4000-8000-000000000054", "Cyd Callee");
    public static readonly CallUser Ropc = new("ropc@fabrikam.test", "Fabrikam!Ropc1", "22222222-0000-4000-8000-000000000010", "Rosa Password");
    public static readonly CallUser Remy = new("restart@fabrikam.test", "Fabrikam!Restart1", "22222222-0000-4000-8000-000000000014", "Remy Restart");
    public static readonly CallUser Erin = new("errors@fabrikam.test", "Fabrikam!Errors1", "22222222-0000-4000-8000-000000000019", "Erin Errors");
    public static readonly CallUser Ezra = new("exchange@fabrikam.test", "Fabrikam!Exchange1", "22222222-0000-4000-8000-000000000023", "Ezra Exchange");
    public static readonly CallUser Jay = new("jwt@fabrikam.test", "Fabrikam!Jwt1", "22222222-0000-4000-8000-000000000018", "Jay Validator");
    public static readonly CallUser Reggie = new("refresh@fabrikam.test", "Fabrikam!Refresh1", "22222222-0000-4000-8000-000000000013", "Reggie Refresh");

    public string RawId => "8:orgid:" + Id;
}

/// <summary>What the group calling tests share: agents, group chats, connected calls, frame readers.</summary>
internal static class Calls
{
    private static readonly Dictionary<string, string> Tokens = [];

    public static async Task<TestAgent> AgentAsync(SwitchboardServer server, CallUser user)
    {
        string? token;
        lock (Tokens)
        {
            Tokens.TryGetValue(server.Origin + user.Upn, out token);
        }

        token ??= await TestAgent.TeamsTokenAsync(server, user.Upn, user.Password, user.Id);
        lock (Tokens)
        {
            Tokens[server.Origin + user.Upn] = token;
        }

        return await TestAgent.ConnectAsync(server, token);
    }

    /// <summary>A group chat made by <paramref name="owner"/> with <paramref name="members"/>.</summary>
    public static async Task<string> GroupChatAsync(SwitchboardServer server, CallUser owner, params CallUser[] members)
    {
        var graph = await GraphClients.SignInAsync(server, owner.Upn, owner.Password);
        var chat = await graph.Chats.PostAsync(new Microsoft.Graph.Models.Chat
        {
            ChatType = ChatType.Group,
            Topic = "Group call " + Guid.NewGuid().ToString("N")[..6],
            Members = members.Prepend(owner).Select(u => (ConversationMember)new AadUserConversationMember
            {
                Roles = ["owner"],
                AdditionalData = new Dictionary<string, object> { ["user@odata.bind"] = $"https://graph.microsoft.com/v1.0/users('{u.Id}')" },
            }).ToList(),
        });
        return chat!.Id!;
    }

    public static async Task<string> StartAsync(TestAgent caller, string? threadId, params CallUser[] targets)
    {
        var created = await caller.RequestAsync("call.start", new { targets = targets.Select(t => t.RawId).ToArray(), threadId, video = false });
        Assert.True(created.GetProperty("type").GetString() == "call.created", created.ToString());
        return CallId(created.GetProperty("call"));
    }

    /// <summary>The callee endpoint answers the ringing call.</summary>
    public static async Task AnswerAsync(TestAgent callee, string callId)
    {
        await callee.SeenAsync("call.incoming", f => CallId(f.GetProperty("call")) == callId);
        await callee.SendAsync(new { type = "call.accept", callId });
    }

    /// <summary>Every link of <paramref name="agent"/> reports media up: the links it was told to negotiate.</summary>
    public static async Task<List<JsonElement>> NegotiateAsync(TestAgent agent, string callId, int links)
    {
        var negotiations = new List<JsonElement>();
        for (var i = 0; i < links; i++)
        {
            var seen = negotiations.Select(n => n.GetProperty("link").GetString()).ToHashSet();
            var frame = await agent.SeenAsync("call.negotiate", f => f.GetProperty("callId").GetString() == callId && !seen.Contains(f.GetProperty("link").GetString()));
            negotiations.Add(frame);
            await agent.SendAsync(new { type = "media.connected", callId, link = frame.GetProperty("link").GetString() });
        }

        return negotiations;
    }

    public static async Task<(int Code, int SubCode)> EndedAsync(TestAgent agent, string callId, TimeSpan? timeout = null)
        => Reason(await agent.SeenAsync("call.ended", f => f.GetProperty("callId").GetString() == callId, timeout));

    public static Task<JsonElement> StateAsync(TestAgent agent, string callId, string state)
        => agent.SeenAsync("call.state", f => f.GetProperty("callId").GetString() == callId && f.GetProperty("state").GetString() == state);

    public static Task<JsonElement> IncomingAsync(TestAgent agent, string? callId = null)
        => agent.SeenAsync("call.incoming", f => callId is null || CallId(f.GetProperty("call")) == callId);

    public static string CallId(JsonElement snapshot) => snapshot.GetProperty("callId").GetString()!;

    public static (int Code, int SubCode) Reason(JsonElement frame) => (frame.GetProperty("code").GetInt32(), frame.GetProperty("subCode").GetInt32());

    public static Task<JsonElement> ParticipantAsync(TestAgent viewer, string callId, CallUser who, string state)
        => viewer.SeenAsync("participant.updated", f => f.GetProperty("callId").GetString() == callId
            && f.GetProperty("participant").GetProperty("rawId").GetString() == who.RawId
            && f.GetProperty("participant").GetProperty("state").GetString() == state);

    public static Task<JsonElement> RemovedAsync(TestAgent viewer, string callId, CallUser who)
        => viewer.SeenAsync("participant.removed", f => f.GetProperty("callId").GetString() == callId && f.GetProperty("rawId").GetString() == who.RawId);
}

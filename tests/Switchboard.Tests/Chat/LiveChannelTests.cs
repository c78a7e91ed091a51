using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Graph.Models;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Chat.ChatTestKit;

namespace Switchboard.Tests.Chat;

/// <summary>The live channel: members' open connections get the chat's events; nobody else does.</summary>
[Collection(ServerCollection.Name)]
public sealed class LiveChannelTests(SharedServer shared)
{
    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task A_message_reaches_the_other_members_connection_and_no_one_else()
    {
        var henrietta = await GraphClients.SignInAsync(Server, ChatUser.Henrietta.Upn, ChatUser.Henrietta.Password);
        await using var member = await LiveAsync(ChatUser.Miriam);
        await using var outsider = await LiveAsync(ChatUser.Joni);

        var chat = await CreateGroupAsync(henrietta, "Live " + Guid.NewGuid().ToString("N")[..6], ChatUser.Henrietta, ChatUser.Miriam);
        var created = await member.NextAsync("chatCreated", e => e.GetProperty("chatId").GetString() == chat!.Id);
        Assert.Equal(2, created.GetProperty("data").GetProperty("members").GetArrayLength());

        var sent = (await SendAsync(henrietta, chat!.Id!, "live hello"))!;
        var arrived = await member.NextAsync("messageCreated", e => e.GetProperty("id").GetString() == sent.Id);
        Assert.Equal("live hello", arrived.GetProperty("data").GetProperty("body").GetProperty("content").GetString());
        Assert.Equal(ChatUser.Henrietta.Id, arrived.GetProperty("data").GetProperty("from").GetProperty("user").GetProperty("id").GetString());

        await henrietta.Chats[chat.Id].Messages[sent.Id].PatchAsync(new ChatMessage { Body = new ItemBody { Content = "live hello, edited" } });
        await member.NextAsync("messageUpdated", e => e.GetProperty("data").GetProperty("body").GetProperty("content").GetString() == "live hello, edited");
        await henrietta.Chats[chat.Id].Messages[sent.Id].SetReaction.PostAsync(new Microsoft.Graph.Chats.Item.Messages.Item.SetReaction.SetReactionPostRequestBody { ReactionType = "heart" });
        await member.NextAsync("reactionChanged", e => e.GetProperty("data").GetProperty("reactions").GetArrayLength() == 1);
        await henrietta.Chats[chat.Id].PatchAsync(new Microsoft.Graph.Models.Chat { Topic = "Renamed live" });
        await member.NextAsync("chatUpdated", e => e.GetProperty("data").GetProperty("topic").GetString() == "Renamed live");
        await henrietta.Chats[chat.Id].Members.PostAsync(Member(ChatUser.Grady));
        await member.NextAsync("membersAdded", e => e.GetProperty("data")[0].GetProperty("userId").GetString() == ChatUser.Grady.Id);
        await henrietta.Chats[chat.Id].Messages[sent.Id].SoftDelete.PostAsync();
        await member.NextAsync("messageDeleted", e => e.GetProperty("id").GetString() == sent.Id);

        // The outsider's connection was open the whole time: a marker sent to its own chat arrives, nothing before it did.
        var mine = await CreateOneOnOneAsync(henrietta, ChatUser.Henrietta, ChatUser.Joni);
        var marker = await SendAsync(henrietta, mine!.Id!, "marker");
        await outsider.NextAsync("messageCreated", e => e.GetProperty("id").GetString() == marker!.Id);
        Assert.DoesNotContain(outsider.Received, e => e.Payload.GetProperty("chatId").GetString() == chat.Id);
    }

    [Fact]
    public async Task The_channel_refuses_missing_and_foreign_tokens()
    {
        var withoutToken = Connection(null);
        await Assert.ThrowsAsync<HttpRequestException>(() => withoutToken.StartAsync());

        var acsToken = await TokenMint.UserTokenAsync(Server, ChatUser.Lee.Upn, TestDirectory.ContosoCalls, TestDirectory.AcsAudience, ["Teams.ManageCalls"]);
        var wrongAudience = Connection(acsToken);
        await Assert.ThrowsAsync<HttpRequestException>(() => wrongAudience.StartAsync());

        var limited = Connection(await GraphClients.TokenAsync(Server, ChatUser.Limited.Upn, ChatUser.Limited.Password, TestDirectory.FabrikamInternal, "fabrikam.test"));
        await Assert.ThrowsAsync<HttpRequestException>(() => limited.StartAsync());
    }

    private async Task<LiveClient> LiveAsync(ChatUser user)
    {
        var connection = Connection(await GraphClients.TokenAsync(Server, user.Upn, user.Password));
        var client = new LiveClient(connection);
        await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        return client;
    }

    private HubConnection Connection(string? token) => new HubConnectionBuilder()
        .WithUrl(Server.Origin + "/chat/live", options =>
        {
            options.AccessTokenProvider = () => Task.FromResult(token);
            options.HttpMessageHandlerFactory = _ => Server.CreateHandler();
            options.WebSocketConfiguration = ws => ws.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Server.Trusts(certificate, errors);
            options.Transports = HttpTransportType.WebSockets;
        })
        .Build();

    private sealed class LiveClient : IAsyncDisposable
    {
        private static readonly string[] Methods = ["messageCreated", "messageUpdated", "messageDeleted", "reactionChanged", "membersAdded", "membersRemoved", "chatCreated", "chatUpdated"];
        private readonly HubConnection connection;
        private readonly Channel<(string Method, JsonElement Payload)> events = System.Threading.Channels.Channel.CreateUnbounded<(string, JsonElement)>();

        public LiveClient(HubConnection connection)
        {
            this.connection = connection;
            foreach (var method in Methods)
            {
                connection.On<JsonElement>(method, payload =>
                {
                    Received.Add((method, payload));
                    events.Writer.TryWrite((method, payload));
                });
            }
        }

        public List<(string Method, JsonElement Payload)> Received { get; } = [];

        public async Task<JsonElement> NextAsync(string method, Func<JsonElement, bool> predicate)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (true)
            {
                var (name, payload) = await events.Reader.ReadAsync(timeout.Token);
                if (name == method && predicate(payload))
                {
                    return payload;
                }
            }
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}

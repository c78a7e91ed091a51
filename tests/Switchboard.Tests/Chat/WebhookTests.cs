using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Chat.ChatTestKit;

namespace Switchboard.Tests.Chat;

/// <summary>A server whose webhook retries and sweeps run in fractions of a second.</summary>
public sealed class WebhookServer : IAsyncLifetime
{
    public SwitchboardServer Server { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Server = await SwitchboardServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Chat:Webhooks:RetryDelays:0"] = "00:00:00.200",
            ["Chat:Webhooks:RetryDelays:1"] = "00:00:00.400",
            // Long enough for a loaded CI box to answer the handshake, short enough for the stalling receiver test.
            ["Chat:Webhooks:ValidationTimeout"] = "00:00:03",
            ["Chat:Webhooks:SweepInterval"] = "00:00:00.500",
        });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>Change notifications: the handshake, created/updated/deleted with clientState, retries, lifecycle events, and the subscription API.</summary>
public sealed class WebhookTests(WebhookServer fixture) : IClassFixture<WebhookServer>
{
    private SwitchboardServer Server => fixture.Server;
    private WebhookReceiver Receiver => fixture.Receiver;

    [Fact]
    public async Task Receiver_gets_created_updated_and_deleted_with_client_state()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var lynne = await GraphClients.SignInAsync(Server, ChatUser.Lynne.Upn, ChatUser.Lynne.Password);
        var chat = await CreateGroupAsync(lee, "Hooked", ChatUser.Lee, ChatUser.Lynne);
        var subscription = await lee.Subscriptions.PostAsync(new Subscription
        {
            ChangeType = "created,updated,deleted",
            NotificationUrl = Receiver.NotifyUrl,
            Resource = $"/chats/{chat!.Id}/messages",
            ExpirationDateTime = DateTimeOffset.UtcNow.AddMinutes(30),
            ClientState = "contoso-secret-state",
        });
        Assert.Equal($"/chats/{chat.Id}/messages", subscription!.Resource);
        Assert.Equal(GraphClients.ContosoChat, subscription.ApplicationId);
        Assert.Equal(ChatUser.Lee.Id, subscription.CreatorId);

        var message = await SendAsync(lynne, chat.Id!, "ping");
        var created = await Receiver.WaitForAsync(n => Id(n) == message!.Id);
        Assert.Equal("created", created.GetProperty("changeType").GetString());
        Assert.Equal("contoso-secret-state", created.GetProperty("clientState").GetString());
        Assert.Equal(subscription.Id, created.GetProperty("subscriptionId").GetString());
        Assert.Equal(TestDirectory.FabrikamTenant, created.GetProperty("tenantId").GetString());
        Assert.Equal($"chats('{chat.Id}')/messages('{message!.Id}')", created.GetProperty("resource").GetString());
        Assert.Equal("#Microsoft.Graph.chatMessage", created.GetProperty("resourceData").GetProperty("@odata.type").GetString());

        await lynne.Chats[chat.Id].Messages[message.Id].PatchAsync(new ChatMessage { Body = new ItemBody { Content = "pong" } });
        Assert.Equal("updated", (await Receiver.WaitForAsync(n => Id(n) == message.Id)).GetProperty("changeType").GetString());
        await lynne.Chats[chat.Id].Messages[message.Id].SoftDelete.PostAsync();
        Assert.Equal("deleted", (await Receiver.WaitForAsync(n => Id(n) == message.Id)).GetProperty("changeType").GetString());
    }

    [Fact]
    public async Task A_receiver_that_fails_first_gets_the_notification_on_retry()
    {
        var isaiah = await GraphClients.SignInAsync(Server, ChatUser.Isaiah.Upn, ChatUser.Isaiah.Password);
        var chat = await CreateGroupAsync(isaiah, "Retry", ChatUser.Isaiah, ChatUser.Joni);
        await isaiah.Subscriptions.PostAsync(Subscribe($"chats/{chat!.Id}/messages", "created"));

        var before = Receiver.NotificationPosts;
        Receiver.FailNext(2);
        var message = await SendAsync(isaiah, chat.Id!, "eventually");
        var delivered = await Receiver.WaitForAsync(n => Id(n) == message!.Id);
        Assert.Equal("created", delivered.GetProperty("changeType").GetString());
        Assert.True(Receiver.NotificationPosts - before >= 3, $"{Receiver.NotificationPosts - before} POSTs");
    }

    [Fact]
    public async Task All_messages_of_a_user_are_watched_across_chats()
    {
        var joni = await GraphClients.SignInAsync(Server, ChatUser.Joni.Upn, ChatUser.Joni.Password);
        var miriam = await GraphClients.SignInAsync(Server, ChatUser.Miriam.Upn, ChatUser.Miriam.Password);
        await joni.Subscriptions.PostAsync(Subscribe($"/users/{ChatUser.Joni.Id}/chats/getAllMessages", "created"));
        var first = await CreateGroupAsync(miriam, "One", ChatUser.Miriam, ChatUser.Joni);
        var second = await CreateOneOnOneAsync(miriam, ChatUser.Miriam, ChatUser.Joni);
        var a = await SendAsync(miriam, first!.Id!, "in the group");
        var b = await SendAsync(miriam, second!.Id!, "one to one");
        await Receiver.WaitForAsync(n => Id(n) == a!.Id);
        await Receiver.WaitForAsync(n => Id(n) == b!.Id);
    }

    [Fact]
    public async Task Member_changes_are_notified_as_created_and_deleted()
    {
        var lynne = await GraphClients.SignInAsync(Server, ChatUser.Lynne.Upn, ChatUser.Lynne.Password);
        var chat = await CreateGroupAsync(lynne, "Roster", ChatUser.Lynne, ChatUser.Lee);
        await lynne.Subscriptions.PostAsync(Subscribe($"/chats/{chat!.Id}/members", "created,deleted"));

        var added = await lynne.Chats[chat.Id].Members.PostAsync(Member(ChatUser.Isaiah));
        var created = await Receiver.WaitForAsync(n => Id(n) == added!.Id);
        Assert.Equal("created", created.GetProperty("changeType").GetString());
        Assert.Equal($"chats('{chat.Id}')/members('{added!.Id}')", created.GetProperty("resource").GetString());

        await lynne.Chats[chat.Id].Members[added.Id].DeleteAsync();
        Assert.Equal("deleted", (await Receiver.WaitForAsync(n => Id(n) == added.Id)).GetProperty("changeType").GetString());
    }

    [Fact]
    public async Task Removing_the_creator_from_the_chat_removes_the_subscription_and_says_so()
    {
        var grady = await GraphClients.SignInAsync(Server, ChatUser.Grady.Upn, ChatUser.Grady.Password);
        var henrietta = await GraphClients.SignInAsync(Server, ChatUser.Henrietta.Upn, ChatUser.Henrietta.Password);
        var chat = await CreateGroupAsync(henrietta, "Leaving", ChatUser.Henrietta, ChatUser.Grady, ChatUser.Lee);
        var subscription = await grady.Subscriptions.PostAsync(Subscribe($"/chats/{chat!.Id}/messages", "created", lifecycle: true, minutes: 120));

        var members = await henrietta.Chats[chat.Id].Members.GetAsync();
        var gradyMember = members!.Value!.OfType<AadUserConversationMember>().Single(m => m.UserId == ChatUser.Grady.Id);
        await henrietta.Chats[chat.Id].Members[gradyMember.Id].DeleteAsync();

        var removed = await Receiver.NextLifecycleAsync();
        Assert.Equal(("subscriptionRemoved", subscription!.Id), (removed.GetProperty("lifecycleEvent").GetString(), removed.GetProperty("subscriptionId").GetString()));
        var gone = await Assert.ThrowsAsync<ODataError>(() => grady.Subscriptions[subscription.Id].GetAsync());
        Assert.Equal(404, gone.ResponseStatusCode);
    }

    [Fact]
    public async Task Reauthorization_is_required_when_the_creating_token_expires()
    {
        var token = await GraphClients.TokenAsync(Server, ChatUser.Miriam.Upn, ChatUser.Miriam.Password);
        var shortLived = GraphClients.Create(Server, await TokenMint.ShiftAsync(Server, token, TimeSpan.FromSeconds(3)));
        var chat = await CreateGroupAsync(shortLived, "Reauth", ChatUser.Miriam, ChatUser.Lynne);
        var subscription = await shortLived.Subscriptions.PostAsync(Subscribe($"/chats/{chat!.Id}/messages", "created", lifecycle: true, minutes: 90));

        var lifecycleEvent = await Receiver.NextLifecycleAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("reauthorizationRequired", subscription!.Id), (lifecycleEvent.GetProperty("lifecycleEvent").GetString(), lifecycleEvent.GetProperty("subscriptionId").GetString()));

        var miriam = GraphClients.Create(Server, token);
        await miriam.Subscriptions[subscription.Id].Reauthorize.PostAsync();
    }

    [Fact]
    public async Task Subscriptions_are_listed_renewed_and_deleted_by_their_owner_only()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var lynne = await GraphClients.SignInAsync(Server, ChatUser.Lynne.Upn, ChatUser.Lynne.Password);
        var chat = await CreateGroupAsync(lee, "Owned", ChatUser.Lee, ChatUser.Lynne);
        var subscription = await lee.Subscriptions.PostAsync(Subscribe($"/chats/{chat!.Id}/messages", "created"));

        Assert.Contains((await lee.Subscriptions.GetAsync())!.Value!, s => s.Id == subscription!.Id);
        Assert.DoesNotContain((await lynne.Subscriptions.GetAsync())!.Value!, s => s.Id == subscription!.Id);
        var notYours = await Assert.ThrowsAsync<ODataError>(() => lynne.Subscriptions[subscription!.Id].DeleteAsync());
        Assert.Equal(403, notYours.ResponseStatusCode);

        var later = DateTimeOffset.UtcNow.AddMinutes(50);
        var renewed = await lee.Subscriptions[subscription!.Id].PatchAsync(new Subscription { ExpirationDateTime = later });
        Assert.Equal(later.ToUnixTimeSeconds(), renewed!.ExpirationDateTime!.Value.ToUnixTimeSeconds());

        await lee.Subscriptions[subscription.Id].DeleteAsync();
        var gone = await Assert.ThrowsAsync<ODataError>(() => lee.Subscriptions[subscription.Id].GetAsync());
        Assert.Equal(404, gone.ResponseStatusCode);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "no lifecycle URL beyond an hour", "lifecycleNotificationUrl is a required property" },
        { "beyond three days", "at most 4320 minutes" },
        { "wrong token echoed", "did not echo the validationToken" },
        { "receiver too slow", "Subscription validation request timed out." },
        { "http to another host", "must use https" },
        { "unsupported resource", "is not supported for change notifications" },
        { "bad change type", "Invalid changeType 'edited'" },
        { "resource data", "includeResourceData" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Subscription_requests_graph_refuses_are_refused(string situation, string message)
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var chat = await CreateGroupAsync(lee, "Refusals", ChatUser.Lee, ChatUser.Lynne);
        var request = Subscribe($"/chats/{chat!.Id}/messages", "created");
        switch (situation)
        {
            case "no lifecycle URL beyond an hour": request.ExpirationDateTime = DateTimeOffset.UtcNow.AddHours(2); break;
            case "beyond three days": request.ExpirationDateTime = DateTimeOffset.UtcNow.AddDays(4); request.LifecycleNotificationUrl = Receiver.LifecycleUrl; break;
            case "wrong token echoed": request.NotificationUrl = Receiver.WrongTokenUrl; break;
            case "receiver too slow": request.NotificationUrl = Receiver.StallingUrl; break;
            case "http to another host": request.NotificationUrl = "http://hooks.contoso.test/notify"; break;
            case "unsupported resource": request.Resource = "/teams/abc/channels"; break;
            case "bad change type": request.ChangeType = "created,edited"; break;
            case "resource data": request.IncludeResourceData = true; break;
        }

        var error = await Assert.ThrowsAsync<ODataError>(() => lee.Subscriptions.PostAsync(request));
        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Contains(message, error.Error!.Message);
    }

    private Subscription Subscribe(string resource, string changeType, bool lifecycle = false, int minutes = 30) => new()
    {
        ChangeType = changeType,
        NotificationUrl = Receiver.NotifyUrl,
        LifecycleNotificationUrl = lifecycle ? Receiver.LifecycleUrl : null,
        Resource = resource,
        ExpirationDateTime = DateTimeOffset.UtcNow.AddMinutes(minutes),
        ClientState = "state",
    };

    private static string? Id(JsonElement notification) => notification.GetProperty("resourceData").GetProperty("id").GetString();
}

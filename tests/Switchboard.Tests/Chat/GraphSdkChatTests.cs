using Microsoft.Graph;
using Microsoft.Graph.Chats.Item.HideForUser;
using Microsoft.Graph.Chats.Item.MarkChatReadForUser;
using Microsoft.Graph.Chats.Item.MarkChatUnreadForUser;
using Microsoft.Graph.Chats.Item.Members.Add;
using Microsoft.Graph.Chats.Item.Messages.Item.SetReaction;
using Microsoft.Graph.Chats.Item.Messages.Item.UnsetReaction;
using Microsoft.Graph.Chats.Item.UnhideForUser;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Chat.ChatTestKit;
using GraphChat = Microsoft.Graph.Models.Chat;

namespace Switchboard.Tests.Chat;

/// <summary>Every chat operation driven by Microsoft.Graph 6.x for .NET, unchanged, against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class GraphSdkChatTests(SharedServer shared)
{
    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task One_on_one_chat_is_created_once_per_pair_and_read_under_every_path()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var isaiah = await GraphClients.SignInAsync(Server, ChatUser.Isaiah.Upn, ChatUser.Isaiah.Password);

        var created = await CreateOneOnOneAsync(lee, ChatUser.Lee, ChatUser.Isaiah);
        var again = await CreateOneOnOneAsync(isaiah, ChatUser.Isaiah, ChatUser.Lee);
        Assert.Equal(ChatType.OneOnOne, created!.ChatType);
        Assert.Null(created.Topic);
        Assert.Equal(created.Id, again!.Id);
        Assert.EndsWith("@unq.gbl.spaces", created.Id);

        // Kiota percent-encodes the id in the path; all three path forms answer.
        Assert.Equal(created.Id, (await lee.Chats[created.Id].GetAsync())!.Id);
        Assert.Equal(created.Id, (await lee.Me.Chats[created.Id].GetAsync())!.Id);
        Assert.Equal(created.Id, (await isaiah.Users[ChatUser.Isaiah.Id].Chats[created.Id].GetAsync())!.Id);
        Assert.Equal(created.Id, (await isaiah.Users[ChatUser.Isaiah.Upn].Chats[created.Id].GetAsync())!.Id);
    }

    [Fact]
    public async Task Group_chat_lists_with_members_preview_filter_and_order()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var topic = "Launch " + Guid.NewGuid().ToString("N")[..8];
        var group = await CreateGroupAsync(lee, topic, ChatUser.Lee, ChatUser.Lynne, ChatUser.Joni);
        Assert.Equal(ChatType.Group, group!.ChatType);
        Assert.Equal(topic, group.Topic);
        await SendAsync(lee, group.Id!, "first words");

        var page = await lee.Me.Chats.GetAsync(r =>
        {
            r.QueryParameters.Expand = ["members", "lastMessagePreview"];
            r.QueryParameters.Filter = $"chatType eq 'group' and topic eq '{topic}'";
            r.QueryParameters.Orderby = ["lastMessagePreview/createdDateTime desc"];
            r.QueryParameters.Top = 50;
        });
        var listed = Assert.Single(page!.Value!);
        Assert.Equal(group.Id, listed.Id);
        Assert.Equal(3, listed.Members!.Count);
        var joni = Assert.IsType<AadUserConversationMember>(listed.Members.Single(m => m.DisplayName == ChatUser.Joni.Name));
        Assert.Equal(ChatUser.Joni.Id, joni.UserId);
        Assert.Equal(TestDirectory.FabrikamTenant, joni.TenantId);
        Assert.Equal("first words", listed.LastMessagePreview!.Body!.Content);
        Assert.False(listed.Viewpoint!.IsHidden);

        var byMember = await lee.Chats.GetAsync(r => r.QueryParameters.Filter = $"members/any(o: o/displayName eq '{ChatUser.Joni.Name}')");
        Assert.Contains(byMember!.Value!, c => c.Id == group.Id);
    }

    [Fact]
    public async Task Renaming_a_group_chat_writes_a_system_event_message()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var group = await CreateGroupAsync(lee, "Before", ChatUser.Lee, ChatUser.Lynne);
        var renamed = await lee.Chats[group!.Id].PatchAsync(new GraphChat { Topic = "After" });
        Assert.Equal("After", renamed!.Topic);
        Assert.True(renamed.LastUpdatedDateTime > group.LastUpdatedDateTime);

        var plain = await lee.Chats[group.Id].Messages.GetAsync();
        Assert.Equal(ChatMessageType.UnknownFutureValue, Assert.Single(plain!.Value!).MessageType);

        var messages = await lee.Chats[group.Id].Messages.GetAsync(r => r.Headers.Add("Prefer", "include-unknown-enum-members"));
        var system = Assert.Single(messages!.Value!);
        Assert.Equal(ChatMessageType.SystemEventMessage, system.MessageType);
        var detail = Assert.IsType<ChatRenamedEventMessageDetail>(system.EventDetail);
        Assert.Equal("After", detail.ChatDisplayName);
        Assert.Equal(ChatUser.Lee.Id, detail.Initiator!.User!.Id);
    }

    [Fact]
    public async Task Hide_unhide_and_read_state_belong_to_the_caller()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var lynne = await GraphClients.SignInAsync(Server, ChatUser.Lynne.Upn, ChatUser.Lynne.Password);
        var group = await CreateGroupAsync(lee, "State " + Guid.NewGuid().ToString("N")[..6], ChatUser.Lee, ChatUser.Lynne);
        await SendAsync(lynne, group!.Id!, "read me");

        await lee.Chats[group.Id].HideForUser.PostAsync(new HideForUserPostRequestBody { User = Identity(ChatUser.Lee) });
        Assert.True((await ViewpointAsync(lee, group.Id!)).IsHidden);
        Assert.False((await ViewpointAsync(lynne, group.Id!)).IsHidden);
        await lee.Chats[group.Id].UnhideForUser.PostAsync(new UnhideForUserPostRequestBody { User = Identity(ChatUser.Lee) });
        Assert.False((await ViewpointAsync(lee, group.Id!)).IsHidden);

        // A new message brings a hidden chat back.
        await lee.Chats[group.Id].HideForUser.PostAsync(new HideForUserPostRequestBody { User = Identity(ChatUser.Lee) });
        await SendAsync(lynne, group.Id!, "back again");
        Assert.False((await ViewpointAsync(lee, group.Id!)).IsHidden);

        await lee.Chats[group.Id].MarkChatReadForUser.PostAsync(new MarkChatReadForUserPostRequestBody { User = Identity(ChatUser.Lee) });
        var read = (await ViewpointAsync(lee, group.Id!)).LastMessageReadDateTime;
        Assert.NotNull(read);
        var unreadAt = DateTimeOffset.UtcNow.AddHours(-1);
        await lee.Chats[group.Id].MarkChatUnreadForUser.PostAsync(new MarkChatUnreadForUserPostRequestBody { User = Identity(ChatUser.Lee), LastMessageReadDateTime = unreadAt });
        Assert.True((await ViewpointAsync(lee, group.Id!)).LastMessageReadDateTime < read);

        // Someone else's state cannot be changed.
        var other = await Assert.ThrowsAsync<ODataError>(() => lee.Chats[group.Id].HideForUser.PostAsync(new HideForUserPostRequestBody { User = Identity(ChatUser.Lynne) }));
        Assert.Equal(403, other.ResponseStatusCode);
    }

    [Fact]
    public async Task Members_are_listed_added_with_history_rules_and_removed()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var grady = await GraphClients.SignInAsync(Server, ChatUser.Grady.Upn, ChatUser.Grady.Password);
        var henrietta = await GraphClients.SignInAsync(Server, ChatUser.Henrietta.Upn, ChatUser.Henrietta.Password);
        var group = await CreateGroupAsync(lee, "Members", ChatUser.Lee, ChatUser.Lynne);
        var early = await SendAsync(lee, group!.Id!, "before anyone joined");

        // Grady joins with no history shared; Henrietta (bulk add) with the whole history.
        var added = await lee.Chats[group.Id].Members.PostAsync(Member(ChatUser.Grady));
        Assert.Equal(ChatUser.Grady.Id, Assert.IsType<AadUserConversationMember>(added).UserId);
        var bulk = await lee.Chats[group.Id].Members.Add.PostAsAddPostResponseAsync(new AddPostRequestBody
        {
            Values = [Member(ChatUser.Henrietta, new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero))],
        });
        Assert.Null(Assert.Single(bulk!.Value!).Error);

        var members = await lee.Chats[group.Id].Members.GetAsync();
        Assert.Equal(4, members!.Value!.Count);
        var one = await lee.Chats[group.Id].Members[added!.Id].GetAsync();
        Assert.Equal(ChatUser.Grady.Name, one!.DisplayName);

        var gradySees = await grady.Chats[group.Id].Messages.GetAsync();
        Assert.DoesNotContain(gradySees!.Value!, m => m.Id == early!.Id);
        await Assert.ThrowsAsync<ODataError>(() => grady.Chats[group.Id].Messages[early!.Id].GetAsync());
        var henriettaSees = await henrietta.Chats[group.Id].Messages.GetAsync();
        Assert.Contains(henriettaSees!.Value!, m => m.Id == early!.Id);

        // System events name who was added.
        var events = await lee.Chats[group.Id].Messages.GetAsync(r => r.Headers.Add("Prefer", "include-unknown-enum-members"));
        var addedEvent = events!.Value!.Select(m => m.EventDetail).OfType<MembersAddedEventMessageDetail>().First(d => d.Members!.Any(m => m.Id == ChatUser.Grady.Id));
        Assert.Equal(ChatUser.Lee.Id, addedEvent.Initiator!.User!.Id);

        await lee.Chats[group.Id].Members[added.Id].DeleteAsync();
        var gone = await Assert.ThrowsAsync<ODataError>(() => grady.Chats[group.Id].GetAsync());
        Assert.Equal(403, gone.ResponseStatusCode);
        var after = await lee.Chats[group.Id].Messages.GetAsync(r => r.Headers.Add("Prefer", "include-unknown-enum-members"));
        Assert.Contains(after!.Value!, m => m.EventDetail is MembersDeletedEventMessageDetail d && d.Members!.Any(x => x.Id == ChatUser.Grady.Id));
    }

    [Fact]
    public async Task One_on_one_roster_is_fixed()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var pair = await CreateOneOnOneAsync(lee, ChatUser.Lee, ChatUser.Miriam);
        var error = await Assert.ThrowsAsync<ODataError>(() => lee.Chats[pair!.Id].Members.PostAsync(Member(ChatUser.Grady)));
        Assert.Equal((400, "BadRequest"), (error.ResponseStatusCode, error.Error!.Code));
    }

    [Fact]
    public async Task Messages_are_sent_as_text_html_and_with_mentions_edited_deleted_and_reacted_to()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var lynne = await GraphClients.SignInAsync(Server, ChatUser.Lynne.Upn, ChatUser.Lynne.Password);
        var group = await CreateGroupAsync(lee, "Messages", ChatUser.Lee, ChatUser.Lynne);
        var chat = lee.Chats[group!.Id];

        var text = await SendAsync(lee, group.Id!, "plain");
        Assert.Equal(BodyType.Text, text!.Body!.ContentType);
        var from = Assert.IsType<TeamworkUserIdentity>(text.From!.User);
        Assert.Equal((ChatUser.Lee.Id, ChatUser.Lee.Name, TeamworkUserIdentityType.AadUser), (from.Id, from.DisplayName, from.UserIdentityType));
        Assert.Equal(group.Id, text.ChatId);

        var html = await chat.Messages.PostAsync(new ChatMessage { Body = new ItemBody { ContentType = BodyType.Html, Content = "<b>bold</b>" }, Importance = ChatMessageImportance.High });
        Assert.Equal((BodyType.Html, ChatMessageImportance.High), (html!.Body!.ContentType, html.Importance));

        var mention = await chat.Messages.PostAsync(new ChatMessage
        {
            Body = new ItemBody { ContentType = BodyType.Html, Content = $"Hi <at id=\"0\">{ChatUser.Lynne.Name}</at>" },
            Mentions = [new ChatMessageMention { Id = 0, MentionText = ChatUser.Lynne.Name, Mentioned = new ChatMessageMentionedIdentitySet { User = new Identity { Id = ChatUser.Lynne.Id, DisplayName = ChatUser.Lynne.Name, AdditionalData = new Dictionary<string, object> { ["userIdentityType"] = "aadUser" } } } }],
        });
        Assert.Equal(ChatUser.Lynne.Id, Assert.Single(mention!.Mentions!).Mentioned!.User!.Id);

        // Edit: sender only; 204; lastEditedDateTime set.
        await chat.Messages[text.Id].PatchAsync(new ChatMessage { Body = new ItemBody { Content = "plain, edited" } });
        var edited = await chat.Messages[text.Id].GetAsync();
        Assert.Equal("plain, edited", edited!.Body!.Content);
        Assert.NotNull(edited.LastEditedDateTime);
        var notMine = await Assert.ThrowsAsync<ODataError>(() => lynne.Chats[group.Id].Messages[text.Id].PatchAsync(new ChatMessage { Body = new ItemBody { Content = "hijack" } }));
        Assert.Equal(403, notMine.ResponseStatusCode);

        // Reactions change lastModifiedDateTime, not lastEditedDateTime.
        await lynne.Chats[group.Id].Messages[html.Id].SetReaction.PostAsync(new SetReactionPostRequestBody { ReactionType = "👍" });
        var reacted = await chat.Messages[html.Id].GetAsync();
        var reaction = Assert.Single(reacted!.Reactions!);
        Assert.Equal(("👍", ChatUser.Lynne.Id), (reaction.ReactionType, reaction.User!.User!.Id));
        Assert.Null(reacted.LastEditedDateTime);
        Assert.True(reacted.LastModifiedDateTime > html.LastModifiedDateTime);
        Assert.Equal(ChatMessageActions.ReactionAdded, Assert.Single(reacted.MessageHistory!).Actions);
        await lynne.Chats[group.Id].Messages[html.Id].UnsetReaction.PostAsync(new UnsetReactionPostRequestBody { ReactionType = "👍" });
        Assert.Empty((await chat.Messages[html.Id].GetAsync())!.Reactions!);

        // Soft delete hides the content; undo brings it back.
        await lee.Users[ChatUser.Lee.Id].Chats[group.Id].Messages[text.Id].SoftDelete.PostAsync();
        var deleted = await chat.Messages[text.Id].GetAsync();
        Assert.NotNull(deleted!.DeletedDateTime);
        Assert.Equal(string.Empty, deleted.Body!.Content);
        await lee.Me.Chats[group.Id].Messages[text.Id].UndoSoftDelete.PostAsync();
        var restored = await chat.Messages[text.Id].GetAsync();
        Assert.Null(restored!.DeletedDateTime);
        Assert.Equal("plain, edited", restored.Body!.Content);
    }

    [Fact]
    public async Task PageIterator_reads_more_than_fifty_messages_newest_first()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var group = await CreateGroupAsync(lee, "Paging", ChatUser.Lee, ChatUser.Lynne);
        var sent = new List<string>();
        for (var i = 0; i < 65; i++)
        {
            sent.Add((await SendAsync(lee, group!.Id!, $"message {i}"))!.Id!);
        }

        var first = await lee.Chats[group!.Id].Messages.GetAsync(r => r.QueryParameters.Top = 20);
        Assert.NotNull(first!.OdataNextLink);
        var seen = new List<string>();
        var iterator = PageIterator<ChatMessage, ChatMessageCollectionResponse>.CreatePageIterator(lee, first, m =>
        {
            seen.Add(m.Id!);
            return true;
        });
        await iterator.IterateAsync();
        Assert.Equal(Enumerable.Reverse(sent), seen);

        var tooMany = await Assert.ThrowsAsync<ODataError>(() => lee.Chats[group.Id].Messages.GetAsync(r => r.QueryParameters.Top = 51));
        Assert.Equal((400, "BadRequest"), (tooMany.ResponseStatusCode, tooMany.Error!.Code));
        Assert.Contains("The limit of '50' for Top query has been exceeded", tooMany.Error.Message);
    }

    [Fact]
    public async Task Message_filters_follow_graphs_orderby_rules()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var group = await CreateGroupAsync(lee, "Filters", ChatUser.Lee, ChatUser.Lynne);
        var old = await SendAsync(lee, group!.Id!, "old");
        await Task.Delay(50);
        var cut = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var fresh = await SendAsync(lee, group.Id!, "new");

        var modified = await lee.Chats[group.Id].Messages.GetAsync(r =>
        {
            r.QueryParameters.Orderby = ["lastModifiedDateTime desc"];
            r.QueryParameters.Filter = $"lastModifiedDateTime gt {cut:yyyy-MM-ddTHH:mm:ss.fffZ}";
        });
        Assert.Equal([fresh!.Id], modified!.Value!.Select(m => m.Id));

        var created = await lee.Chats[group.Id].Messages.GetAsync(r =>
        {
            r.QueryParameters.Orderby = ["createdDateTime desc"];
            r.QueryParameters.Filter = $"createdDateTime lt {cut:yyyy-MM-ddTHH:mm:ss.fffZ}";
        });
        Assert.Equal([old!.Id], created!.Value!.Select(m => m.Id));

        // A filter on the other property than $orderby is ignored, as Graph does.
        var ignored = await lee.Chats[group.Id].Messages.GetAsync(r => r.QueryParameters.Filter = $"createdDateTime lt {cut:yyyy-MM-ddTHH:mm:ss.fffZ}");
        Assert.Equal(2, ignored!.Value!.Count);

        var refused = await Assert.ThrowsAsync<ODataError>(() => lee.Chats[group.Id].Messages.GetAsync(r =>
        {
            r.QueryParameters.Orderby = ["createdDateTime desc"];
            r.QueryParameters.Filter = $"createdDateTime le {cut:yyyy-MM-ddTHH:mm:ss.fffZ}";
        }));
        Assert.Contains("operationKind 'LessThanOrEqual' is not allowed", refused.Error!.Message);
    }

    [Fact]
    public async Task GetAllMessages_returns_the_users_messages_across_chats()
    {
        var joni = await GraphClients.SignInAsync(Server, ChatUser.Joni.Upn, ChatUser.Joni.Password);
        var a = await CreateGroupAsync(joni, "All A", ChatUser.Joni, ChatUser.Lynne);
        var b = await CreateGroupAsync(joni, "All B", ChatUser.Joni, ChatUser.Lee);
        var inA = await SendAsync(joni, a!.Id!, "in A");
        var inB = await SendAsync(joni, b!.Id!, "in B");

        var all = await joni.Users[ChatUser.Joni.Id].Chats.GetAllMessages.GetAsGetAllMessagesGetResponseAsync(r => r.QueryParameters.Top = 50);
        var ids = all!.Value!.Select(m => m.Id).ToList();
        Assert.Contains(inA!.Id, ids);
        Assert.Contains(inB!.Id, ids);
    }

    [Fact]
    public async Task Chats_across_tenants_show_each_member_with_their_tenant()
    {
        var carlos = await GraphClients.SignInAsync(Server, ChatUser.Carlos.Upn, ChatUser.Carlos.Password);
        var lynne = await GraphClients.SignInAsync(Server, ChatUser.Lynne.Upn, ChatUser.Lynne.Password);

        // Bound by user principal name, as docs show for people in another organisation.
        var chat = await carlos.Chats.PostAsync(new GraphChat
        {
            ChatType = ChatType.OneOnOne,
            Members =
            [
                Member(ChatUser.Carlos),
                new AadUserConversationMember { Roles = ["owner"], AdditionalData = new Dictionary<string, object> { ["user@odata.bind"] = $"https://graph.microsoft.com/v1.0/users('{ChatUser.Lynne.Upn}')" } },
            ],
        });
        Assert.Equal(TestDirectory.ContosoTenant, chat!.TenantId);
        var members = await lynne.Chats[chat.Id].Members.GetAsync();
        var tenants = members!.Value!.OfType<AadUserConversationMember>().ToDictionary(m => m.UserId!, m => m.TenantId);
        Assert.Equal(TestDirectory.ContosoTenant, tenants[ChatUser.Carlos.Id]);
        Assert.Equal(TestDirectory.FabrikamTenant, tenants[ChatUser.Lynne.Id]);
        await SendAsync(lynne, chat.Id!, "hello from Fabrikam");
        Assert.Contains((await carlos.Chats[chat.Id].Messages.GetAsync())!.Value!, m => m.Body!.Content == "hello from Fabrikam");
    }

    [Fact]
    public async Task A_tenant_with_external_chat_off_cannot_chat_outside()
    {
        var ada = await GraphClients.SignInAsync(Server, ChatUser.Ada.Upn, ChatUser.Ada.Password);
        var error = await Assert.ThrowsAsync<ODataError>(() => CreateOneOnOneAsync(ada, ChatUser.Ada, ChatUser.Lynne));
        Assert.Equal((403, "Forbidden"), (error.ResponseStatusCode, error.Error!.Code));
        Assert.Contains("adatum.test", error.Error.Message);

        var lynne = await GraphClients.SignInAsync(Server, ChatUser.Lynne.Upn, ChatUser.Lynne.Password);
        var inbound = await Assert.ThrowsAsync<ODataError>(() => CreateOneOnOneAsync(lynne, ChatUser.Lynne, ChatUser.Ada));
        Assert.Equal(403, inbound.ResponseStatusCode);
    }

    [Fact]
    public async Task Directory_reads_for_a_people_picker()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var me = await lee.Me.GetAsync();
        Assert.Equal((ChatUser.Lee.Id, ChatUser.Lee.Name, "Lee", "Gu"), (me!.Id, me.DisplayName, me.GivenName, me.Surname));
        Assert.Equal(ChatUser.Lynne.Id, (await lee.Users[ChatUser.Lynne.Upn].GetAsync())!.Id);

        var startsWith = await lee.Users.GetAsync(r =>
        {
            r.QueryParameters.Filter = "startswith(displayName,'Ly') or startswith(userPrincipalName,'isaiah')";
            r.QueryParameters.Top = 5;
        });
        Assert.Equal(["Isaiah Langer", "Lynne Robbins"], startsWith!.Value!.Select(u => u.DisplayName).Order());

        var searched = await lee.Users.GetAsync(r =>
        {
            r.QueryParameters.Search = "\"displayName:Rob\"";
            r.Headers.Add("ConsistencyLevel", "eventual");
        });
        Assert.Equal(ChatUser.Lynne.Id, Assert.Single(searched!.Value!).Id);

        var noHeader = await Assert.ThrowsAsync<ODataError>(() => lee.Users.GetAsync(r => r.QueryParameters.Search = "\"displayName:Rob\""));
        Assert.Equal(400, noHeader.ResponseStatusCode);

        // Another organisation's people are not in this directory.
        var outside = await Assert.ThrowsAsync<ODataError>(() => lee.Users[ChatUser.Carlos.Id].GetAsync());
        Assert.Equal(404, outside.ResponseStatusCode);
    }

    private static async Task<ChatViewpoint> ViewpointAsync(GraphServiceClient graph, string chatId)
    {
        var chats = await graph.Me.Chats.GetAsync(r => r.QueryParameters.Top = 50);
        return chats!.Value!.Single(c => c.Id == chatId).Viewpoint!;
    }
}

using System.Text.RegularExpressions;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Chat.ChatTestKit;
using static Switchboard.Tests.Chat.Meetings.MeetingTestKit;

namespace Switchboard.Tests.Chat.Meetings;

/// <summary>Online meetings driven by Microsoft.Graph 6.x for .NET, unchanged, against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class GraphSdkMeetingTests(SharedServer shared)
{
    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task Created_meeting_has_a_teams_join_link_meeting_id_passcode_and_reads_back_the_same()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var subject = Unique("Planning");
        var (start, end) = (Tomorrow(9), Tomorrow(10));

        var created = await CreateAsync(lee, subject, start, end, ChatUser.Lynne);

        Assert.Equal((subject, start, end), (created!.Subject, created.StartDateTime, created.EndDateTime));
        Assert.True(created.CreationDateTime > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Matches("^19:meeting_[A-Za-z0-9_-]+@thread\\.v2$", created.ChatInfo!.ThreadId);
        Assert.Equal("0", created.ChatInfo.MessageId);
        var thread = created.ChatInfo.ThreadId!;
        var context = Uri.EscapeDataString($"{{\"Tid\":\"{TestDirectory.FabrikamTenant}\",\"Oid\":\"{ChatUser.Lee.Id}\"}}");
        var expectedLink = $"{Server.Origin}/l/meetup-join/{Uri.EscapeDataString(thread)}/0?context={context}";
        Assert.Equal(expectedLink, created.JoinWebUrl, ignoreCase: true);
        Assert.Contains("/l/meetup-join/19%3ameeting_", created.JoinWebUrl, StringComparison.Ordinal);
        Assert.Matches("^[1-9][0-9]{11,14}$", created.JoinMeetingIdSettings!.JoinMeetingId);
        Assert.Matches("^[A-Za-z0-9]{6}$", created.JoinMeetingIdSettings.Passcode);
        Assert.True(created.JoinMeetingIdSettings.IsPasscodeRequired);
        Assert.Equal(ChatUser.Lee.Id, created.Participants!.Organizer!.Identity!.User!.Id);
        var attendee = Assert.Single(created.Participants.Attendees!);
        Assert.Equal((ChatUser.Lynne.Id, ChatUser.Lynne.Upn), (attendee.Identity!.User!.Id, attendee.Upn));

        var read = await lee.Me.OnlineMeetings[created.Id].GetAsync();
        Assert.Equal((created.Id, created.JoinWebUrl, subject, start, end), (read!.Id, read.JoinWebUrl, read.Subject, read.StartDateTime, read.EndDateTime));
        Assert.Equal((created.JoinMeetingIdSettings.JoinMeetingId, created.JoinMeetingIdSettings.Passcode), (read.JoinMeetingIdSettings!.JoinMeetingId, read.JoinMeetingIdSettings.Passcode));

        var byLink = await lee.Me.OnlineMeetings.GetAsync(r => r.QueryParameters.Filter = $"JoinWebUrl eq '{created.JoinWebUrl}'");
        Assert.Equal(created.Id, Assert.Single(byLink!.Value!).Id);
        var byNumber = await lee.Me.OnlineMeetings.GetAsync(r => r.QueryParameters.Filter = $"joinMeetingIdSettings/joinMeetingId eq '{created.JoinMeetingIdSettings.JoinMeetingId}'");
        Assert.Equal(created.Id, Assert.Single(byNumber!.Value!).Id);

        // An invited attendee finds the meeting by its link too; someone uninvited finds nothing.
        var lynne = await GraphClients.SignInAsync(Server, ChatUser.Lynne.Upn, ChatUser.Lynne.Password);
        var lynneFinds = await lynne.Me.OnlineMeetings.GetAsync(r => r.QueryParameters.Filter = $"JoinWebUrl eq '{created.JoinWebUrl}'");
        Assert.Equal(created.Id, Assert.Single(lynneFinds!.Value!).Id);
        var joni = await GraphClients.SignInAsync(Server, ChatUser.Joni.Upn, ChatUser.Joni.Password);
        var joniFinds = await joni.Me.OnlineMeetings.GetAsync(r => r.QueryParameters.Filter = $"JoinWebUrl eq '{created.JoinWebUrl}'");
        Assert.Empty(joniFinds!.Value!);
    }

    [Fact]
    public async Task Meeting_chat_is_listed_as_chatType_meeting_with_its_join_link_and_carries_messages()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var lynne = await GraphClients.SignInAsync(Server, ChatUser.Lynne.Upn, ChatUser.Lynne.Password);
        var subject = Unique("Standup");
        var meeting = await CreateAsync(lee, subject, Tomorrow(8), Tomorrow(9), ChatUser.Lynne);
        var thread = meeting!.ChatInfo!.ThreadId!;

        var listed = await lynne.Me.Chats.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"chatType eq 'meeting' and topic eq '{subject}'";
            r.QueryParameters.Expand = ["members"];
        });
        var chat = Assert.Single(listed!.Value!);
        Assert.Equal((thread, ChatType.Meeting, subject), (chat.Id, chat.ChatType, chat.Topic));
        Assert.Equal(meeting.JoinWebUrl, chat.OnlineMeetingInfo!.JoinWebUrl);
        Assert.Equal(ChatUser.Lee.Id, chat.OnlineMeetingInfo.Organizer!.Id);
        Assert.Equal(new[] { ChatUser.Lee.Id, ChatUser.Lynne.Id }, chat.Members!.Cast<AadUserConversationMember>().Select(m => m.UserId!).Order().ToArray());

        await SendAsync(lynne, thread, "Agenda attached");
        var messages = await lee.Chats[thread].Messages.GetAsync();
        Assert.Equal("Agenda attached", Assert.Single(messages!.Value!).Body!.Content);
        Assert.Equal(ChatType.Meeting, (await lee.Me.Chats[thread].GetAsync())!.ChatType);

        // Like a group chat, a meeting chat takes more members, here with the whole history shared.
        await lee.Chats[thread].Members.PostAsync(Member(ChatUser.Joni, DateTimeOffset.MinValue));
        var joni = await GraphClients.SignInAsync(Server, ChatUser.Joni.Upn, ChatUser.Joni.Password);
        Assert.Equal("Agenda attached", Assert.Single((await joni.Chats[thread].Messages.GetAsync())!.Value!, m => m.MessageType == ChatMessageType.Message).Body!.Content);
    }

    [Fact]
    public async Task Patching_a_meeting_reschedules_it_and_renames_its_chat()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var meeting = await CreateAsync(lee, Unique("Review"), Tomorrow(13), Tomorrow(14));
        var renamed = Unique("Review moved");

        var patched = await lee.Me.OnlineMeetings[meeting!.Id].PatchAsync(new OnlineMeeting { Subject = renamed, StartDateTime = Tomorrow(15), EndDateTime = Tomorrow(16) });

        Assert.Equal((renamed, Tomorrow(15), Tomorrow(16)), (patched!.Subject, patched.StartDateTime, patched.EndDateTime));
        Assert.Equal((meeting.JoinWebUrl, meeting.JoinMeetingIdSettings!.JoinMeetingId), (patched.JoinWebUrl, patched.JoinMeetingIdSettings!.JoinMeetingId));
        Assert.Equal(renamed, (await lee.Me.OnlineMeetings[meeting.Id].GetAsync())!.Subject);
        Assert.Equal(renamed, (await lee.Chats[meeting.ChatInfo!.ThreadId].GetAsync())!.Topic);
    }

    [Fact]
    public async Task Deleting_a_meeting_ends_its_link_but_keeps_its_chat()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var meeting = await CreateAsync(lee, Unique("One-off"), Tomorrow(11), Tomorrow(12), ChatUser.Lynne);
        await SendAsync(lee, meeting!.ChatInfo!.ThreadId!, "notes before the meeting");

        await lee.Me.OnlineMeetings[meeting.Id].DeleteAsync();

        var gone = await Assert.ThrowsAsync<ODataError>(() => lee.Me.OnlineMeetings[meeting.Id].GetAsync());
        Assert.Equal((404, "NotFound"), (gone.ResponseStatusCode, gone.Error!.Code));
        var byLink = await lee.Me.OnlineMeetings.GetAsync(r => r.QueryParameters.Filter = $"JoinWebUrl eq '{meeting.JoinWebUrl}'");
        Assert.Empty(byLink!.Value!);
        var messages = await lee.Chats[meeting.ChatInfo.ThreadId].Messages.GetAsync();
        Assert.Equal("notes before the meeting", Assert.Single(messages!.Value!).Body!.Content);
    }

    [Fact]
    public async Task Meeting_json_uses_graphs_property_names_and_instants()
    {
        var token = await GraphClients.TokenAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1.0/me/onlineMeetings")
        {
            Content = new StringContent("{\"subject\":\"Wire\",\"startDateTime\":\"2030-05-01T09:00:00+02:00\",\"endDateTime\":\"2030-05-01T10:00:00+02:00\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", token);

        using var response = await http.SendAsync(request);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var root = json.RootElement;
        Assert.Equal(201, (int)response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($"/v1.0/$metadata#users('{ChatUser.Lee.Id}')/onlineMeetings/$entity", root.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
        Assert.Equal(("2030-05-01T07:00:00Z", "2030-05-01T08:00:00Z"), (root.GetProperty("startDateTime").GetString(), root.GetProperty("endDateTime").GetString()));
        Assert.Equal("0", root.GetProperty("chatInfo").GetProperty("messageId").GetString());
        Assert.Equal(ChatUser.Lee.Id, root.GetProperty("participants").GetProperty("organizer").GetProperty("identity").GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("presenter", root.GetProperty("participants").GetProperty("organizer").GetProperty("role").GetString());
        foreach (var name in new[] { "id", "joinWebUrl", "subject", "creationDateTime", "joinMeetingIdSettings", "chatInfo", "participants" })
        {
            Assert.True(root.TryGetProperty(name, out _), name);
        }
    }

    [Fact]
    public async Task A_meeting_without_times_starts_now_and_lasts_an_hour()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var meeting = await lee.Me.OnlineMeetings.PostAsync(new OnlineMeeting { Subject = Unique("Ad hoc") });

        Assert.InRange(meeting!.StartDateTime!.Value, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(TimeSpan.FromHours(1), meeting.EndDateTime - meeting.StartDateTime);
        Assert.Empty(meeting.Participants!.Attendees!);
    }

    [Fact]
    public async Task Join_meeting_ids_are_distinct_across_meetings()
    {
        var lee = await GraphClients.SignInAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var created = new List<OnlineMeeting>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await lee.Me.OnlineMeetings.PostAsync(new OnlineMeeting { Subject = Unique("Batch") }))!);
        }

        Assert.Equal(5, created.Select(m => m.JoinMeetingIdSettings!.JoinMeetingId).Distinct().Count());
        Assert.Equal(5, created.Select(m => m.ChatInfo!.ThreadId).Distinct().Count());
        Assert.All(created, m => Assert.Matches(new Regex("^[1-9][0-9]{11,14}$"), m.JoinMeetingIdSettings!.JoinMeetingId!));
    }
}

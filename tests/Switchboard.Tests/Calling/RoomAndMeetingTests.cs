using System.Text.Json;
using Microsoft.Graph.Models;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Calling.Calls;

namespace Switchboard.Tests.Calling;

/// <summary>Joining by locator: ad-hoc rooms by groupId (Switchboard's extension) and Teams meetings by link or id + passcode.</summary>
[Collection(GroupCallingCollection.Name)]
public sealed class RoomAndMeetingTests(GroupCallingServer fixture)
{
    private SwitchboardServer Server => fixture.Server;

    [Fact]
    public async Task The_first_joiner_of_a_room_creates_its_call_the_next_join_it_and_it_ends_with_the_last()
    {
        var groupId = Guid.NewGuid().ToString();
        await using var cara = await AgentAsync(Server, CallUser.Cara);
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        var first = await cara.RequestAsync("call.join", new { groupId });
        Assert.Equal("call.created", first.GetProperty("type").GetString());
        Assert.Equal(("Connected", "Room", "mesh"), (first.GetProperty("call").GetProperty("state").GetString(), first.GetProperty("call").GetProperty("kind").GetString(), first.GetProperty("call").GetProperty("topology").GetString()));
        Assert.Null(first.GetProperty("call").GetProperty("threadId").GetString());
        var callId = CallId(first.GetProperty("call"));

        var second = await cody.RequestAsync("call.join", new { groupId = groupId.ToUpperInvariant() });
        Assert.Equal(callId, CallId(second.GetProperty("call")));
        Assert.Equal(CallUser.Cara.RawId, second.GetProperty("call").GetProperty("participants")[0].GetProperty("rawId").GetString());
        await NegotiateAsync(cody, callId, 1);
        await ParticipantAsync(cara, callId, CallUser.Cody, "Connected");

        await cara.SendAsync(new { type = "call.hangup", callId });
        await RemovedAsync(cody, callId, CallUser.Cara);
        Assert.Empty(cody.All("call.ended", callId));
        await cody.SendAsync(new { type = "call.hangup", callId });
        Assert.Equal((0, 0), await EndedAsync(cody, callId));

        var again = await cara.RequestAsync("call.join", new { groupId });
        Assert.NotEqual(callId, CallId(again.GetProperty("call")));
        await cara.SendAsync(new { type = "call.hangup", callId = CallId(again.GetProperty("call")) });
    }

    public static TheoryData<string, int, int> LocatorErrors => new()
    {
        { "groupId that is no UUID", 400, 10112 },
        { "no locator", 400, 10112 },
        { "two locators", 400, 10112 },
        { "unknown meeting link", 404, 10110 },
        { "unknown meeting id", 404, 10110 },
        { "wrong passcode", 403, 10111 },
        { "missing passcode", 403, 10111 },
    };

    [Theory]
    [MemberData(nameof(LocatorErrors))]
    public async Task A_locator_that_leads_nowhere_is_refused_with_its_own_error(string locator, int code, int subCode)
    {
        var meeting = locator.Contains("passcode", StringComparison.Ordinal) ? await MeetingAsync() : null;
        object fields = locator switch
        {
            "groupId that is no UUID" => new { groupId = "room-42" },
            "no locator" => new { },
            "two locators" => new { groupId = Guid.NewGuid().ToString(), meetingId = "123" },
            "unknown meeting link" => new { meetingLink = Server.Origin + "/l/meetup-join/19%3ameeting_nothere%40thread.v2/0?context=%7b%7d" },
            "unknown meeting id" => new { meetingId = "999 999 999 999", passcode = "abc" },
            "wrong passcode" => new { meetingId = meeting!.JoinMeetingIdSettings!.JoinMeetingId, passcode = meeting.JoinMeetingIdSettings.Passcode + "x" },
            _ => (object)new { meetingId = meeting!.JoinMeetingIdSettings!.JoinMeetingId },
        };
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        var reply = await cody.RequestAsync("call.join", fields);
        Assert.Equal(("error", code, subCode), (reply.GetProperty("type").GetString(), reply.GetProperty("code").GetInt32(), reply.GetProperty("subCode").GetInt32()));
    }

    [Fact]
    public async Task Joiners_by_link_and_by_id_share_the_meetings_call_join_its_chat_and_the_chat_records_the_call()
    {
        var meeting = await MeetingAsync();
        await using var cody = await AgentAsync(Server, CallUser.Cody);
        await using var cleo = await AgentAsync(Server, CallUser.Cleo);
        var byLink = await cody.RequestAsync("call.join", new { meetingLink = meeting.JoinWebUrl });
        Assert.Equal("call.created", byLink.GetProperty("type").GetString());
        var callId = CallId(byLink.GetProperty("call"));
        Assert.Equal((meeting.ChatInfo!.ThreadId, "Meeting"), (byLink.GetProperty("call").GetProperty("threadId").GetString(), byLink.GetProperty("call").GetProperty("kind").GetString()));

        var byId = await cleo.RequestAsync("call.join", new { meetingId = meeting.JoinMeetingIdSettings!.JoinMeetingId, passcode = meeting.JoinMeetingIdSettings.Passcode });
        Assert.Equal(callId, CallId(byId.GetProperty("call")));
        await NegotiateAsync(cleo, callId, 1);
        await ParticipantAsync(cody, callId, CallUser.Cleo, "Connected");
        await Task.Delay(1100);

        var graph = await GraphClients.SignInAsync(Server, CallUser.Cara.Upn, CallUser.Cara.Password);
        var members = await graph.Chats[meeting.ChatInfo.ThreadId].Members.GetAsync();
        Assert.Contains(members!.Value!, m => m is AadUserConversationMember u && u.UserId == CallUser.Cleo.Id);

        await cody.SendAsync(new { type = "call.hangup", callId });
        await cleo.SendAsync(new { type = "call.hangup", callId });
        await EndedAsync(cleo, callId);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        CallEndedEventMessageDetail? detail = null;
        while (detail is null)
        {
            var messages = await graph.Chats[meeting.ChatInfo.ThreadId].Messages.GetAsync(r => r.Headers.Add("Prefer", "include-unknown-enum-members"));
            detail = messages!.Value!.Select(m => m.EventDetail).OfType<CallEndedEventMessageDetail>().FirstOrDefault(d => d.CallId == callId);
            Assert.True(detail is not null || DateTime.UtcNow < deadline, "The meeting's call never appeared in its chat.");
            await Task.Delay(detail is null ? 200 : 0);
        }

        Assert.Equal([CallUser.Cody.Id, CallUser.Cleo.Id], detail.CallParticipants!.Select(p => p.Participant!.User!.Id).Order());
        Assert.True(detail.CallDuration >= TimeSpan.FromSeconds(1));
    }

    private async Task<OnlineMeeting> MeetingAsync()
    {
        var graph = await GraphClients.SignInAsync(Server, CallUser.Cara.Upn, CallUser.Cara.Password);
        var start = DateTimeOffset.UtcNow.AddHours(1);
        return (await graph.Me.OnlineMeetings.PostAsync(new OnlineMeeting { Subject = "Calling " + Guid.NewGuid().ToString("N")[..6], StartDateTime = start, EndDateTime = start.AddHours(1) }))!;
    }
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Models;
using Switchboard.Chat;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Chat.Meetings.MeetingTestKit;

namespace Switchboard.Tests.Chat.Meetings;

/// <summary>
/// The calling service's questions (IMeetings, resolved from the running server's container) about a
/// meeting made with the Graph SDK: by its link in the forms links travel in, by its number, and seating a joiner.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MeetingResolutionTests(SharedServer shared) : IAsyncLifetime
{
    private SwitchboardServer Server => shared.Server;
    private OnlineMeeting meeting = null!;

    private IMeetings Meetings => Server.Services.GetRequiredService<IMeetings>();

    public async Task InitializeAsync()
    {
        var miriam = await GraphClients.SignInAsync(Server, ChatUser.Miriam.Upn, ChatUser.Miriam.Password);
        meeting = (await CreateAsync(miriam, Unique("All hands"), Tomorrow(16), Tomorrow(17), ChatUser.Isaiah))!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> LinkForms => new()
    {
        "as given",
        "upper-case escapes",
        "thread id decoded",
        "whole link encoded again",
        "another host",
        "relative",
        "surrounding spaces",
    };

    [Theory]
    [MemberData(nameof(LinkForms))]
    public async Task Join_link_resolves_to_the_meeting(string form)
    {
        var link = meeting.JoinWebUrl!;
        var thread = meeting.ChatInfo!.ThreadId!;
        var variant = form switch
        {
            "as given" => link,
            "upper-case escapes" => Regex.Replace(link, "%[0-9a-f]{2}", m => m.Value.ToUpperInvariant()),
            "thread id decoded" => link.Replace(Uri.EscapeDataString(thread), thread, StringComparison.OrdinalIgnoreCase),
            "whole link encoded again" => Uri.EscapeDataString(link),
            "another host" => "https://teams.example.test" + link[Server.Origin.Length..],
            "relative" => link[Server.Origin.Length..],
            _ => "  " + link + "\n",
        };

        var found = await Meetings.FindByJoinUrlAsync(variant, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal((meeting.Id, thread, ChatUser.Miriam.Id, meeting.Subject, link), (found.Id, found.ThreadId, found.OrganizerId.ToString(), found.Subject, found.JoinWebUrl));
        Assert.Equal((TestDirectory.FabrikamTenant, meeting.JoinMeetingIdSettings!.JoinMeetingId, meeting.JoinMeetingIdSettings.Passcode), (found.TenantId.ToString(), found.JoinMeetingId, found.Passcode));
        Assert.Equal((meeting.StartDateTime, meeting.EndDateTime), (found.StartDateTime, found.EndDateTime));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a link")]
    [InlineData("https://teams.microsoft.com/l/meetup-join/19%3ameeting_bm90LWEtcmVhbC1tZWV0aW5n%40thread.v2/0")]
    [InlineData("https://example.test/l/chat/19%3ameeting_abc%40thread.v2/0")]
    public async Task Unknown_or_malformed_link_resolves_to_nothing(string link)
        => Assert.Null(await Meetings.FindByJoinUrlAsync(link, CancellationToken.None));

    [Fact]
    public async Task Meeting_id_resolves_with_or_without_the_spaces_teams_shows()
    {
        var number = meeting.JoinMeetingIdSettings!.JoinMeetingId!;
        var grouped = string.Join(' ', number.Chunk(3).Select(c => new string(c)));

        Assert.Equal(meeting.Id, (await Meetings.FindByMeetingIdAsync(number, CancellationToken.None))?.Id);
        Assert.Equal(meeting.Id, (await Meetings.FindByMeetingIdAsync(grouped, CancellationToken.None))?.Id);
        Assert.Null(await Meetings.FindByMeetingIdAsync("000000000000", CancellationToken.None));
        Assert.Null(await Meetings.FindByMeetingIdAsync("   ", CancellationToken.None));
    }

    [Fact]
    public async Task A_joiner_becomes_a_member_of_the_meeting_chat_once()
    {
        var thread = meeting.ChatInfo!.ThreadId!;
        var joni = await GraphClients.SignInAsync(Server, ChatUser.Joni.Upn, ChatUser.Joni.Password);
        var miriam = await GraphClients.SignInAsync(Server, ChatUser.Miriam.Upn, ChatUser.Miriam.Password);

        await Meetings.AddAttendeeAsync(thread, Guid.Parse(ChatUser.Joni.Id), Guid.Parse(TestDirectory.FabrikamTenant), CancellationToken.None);
        await Meetings.AddAttendeeAsync(thread, Guid.Parse(ChatUser.Joni.Id), Guid.Parse(TestDirectory.FabrikamTenant), CancellationToken.None);

        var members = await miriam.Chats[thread].Members.GetAsync();
        Assert.Equal(
            new[] { ChatUser.Isaiah.Id, ChatUser.Joni.Id, ChatUser.Miriam.Id },
            members!.Value!.Cast<AadUserConversationMember>().Select(m => m.UserId!).Order().ToArray());
        var seen = await joni.Chats[thread].GetAsync();
        Assert.Equal(ChatType.Meeting, seen!.ChatType);
        var joined = await miriam.Chats[thread].Messages.GetAsync(r => r.Headers.Add("Prefer", "include-unknown-enum-members"));
        var system = Assert.Single(joined!.Value!, m => m.EventDetail is MembersAddedEventMessageDetail);
        Assert.Equal(ChatUser.Joni.Id, ((MembersAddedEventMessageDetail)system.EventDetail!).Members!.Single().Id);
    }

    [Fact]
    public async Task A_joiner_unknown_to_the_directory_or_a_chat_that_is_not_a_meeting_changes_nothing()
    {
        var thread = meeting.ChatInfo!.ThreadId!;
        var miriam = await GraphClients.SignInAsync(Server, ChatUser.Miriam.Upn, ChatUser.Miriam.Password);
        var before = (await miriam.Chats[thread].Members.GetAsync())!.Value!.Count;

        await Meetings.AddAttendeeAsync(thread, Guid.NewGuid(), Guid.Parse(TestDirectory.FabrikamTenant), CancellationToken.None);
        await Meetings.AddAttendeeAsync(thread, Guid.Parse(ChatUser.Lee.Id), Guid.Parse(TestDirectory.ContosoTenant), CancellationToken.None);
        await Meetings.AddAttendeeAsync("19:not-a-meeting@thread.v2", Guid.Parse(ChatUser.Lee.Id), Guid.Parse(TestDirectory.FabrikamTenant), CancellationToken.None);

        Assert.Equal(before, (await miriam.Chats[thread].Members.GetAsync())!.Value!.Count);
    }
}

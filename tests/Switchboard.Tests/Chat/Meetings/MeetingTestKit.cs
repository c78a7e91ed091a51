using Microsoft.Graph;
using Microsoft.Graph.Models;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Chat.Meetings;

/// <summary>onlineMeeting bodies as the Graph docs write them, built with the SDK's own models.</summary>
internal static class MeetingTestKit
{
    public static Task<OnlineMeeting?> CreateAsync(GraphServiceClient graph, string subject, DateTimeOffset start, DateTimeOffset end, params ChatUser[] attendees)
        => graph.Me.OnlineMeetings.PostAsync(new OnlineMeeting
        {
            Subject = subject,
            StartDateTime = start,
            EndDateTime = end,
            Participants = new MeetingParticipants
            {
                Attendees = attendees.Select(a => new MeetingParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = a.Id } }, Upn = a.Upn }).ToList(),
            },
        });

    public static DateTimeOffset Tomorrow(int hour) => new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(1).AddHours(hour);

    public static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];
}

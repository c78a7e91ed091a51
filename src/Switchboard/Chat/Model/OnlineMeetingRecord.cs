namespace Switchboard.Chat.Model;

/// <summary>
/// A meeting (Graph's <c>onlineMeeting</c>): its chat is <see cref="ThreadId"/>, a chat of type
/// <see cref="ChatType.Meeting"/>. The join link, meeting id and passcode are made once, at creation.
/// </summary>
internal sealed class OnlineMeetingRecord
{
    /// <summary>Graph-style: base64url of <c>1*{organizer}*0**{threadId}</c>, so it never needs escaping in a path.</summary>
    public required string Id { get; set; }

    public required string ThreadId { get; set; }

    public Guid TenantId { get; set; }

    public Guid OrganizerId { get; set; }

    /// <summary>Copied from the directory at creation, as Graph's <c>participants.organizer</c> shows it.</summary>
    public required string OrganizerName { get; set; }

    public required string OrganizerUpn { get; set; }

    public required string Subject { get; set; }

    public DateTimeOffset? StartAt { get; set; }

    public DateTimeOffset? EndAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>As handed out: the request's public origin at creation time is part of it.</summary>
    public required string JoinWebUrl { get; set; }

    /// <summary>12 to 15 digits, unique across meetings.</summary>
    public required string JoinMeetingId { get; set; }

    public required string Passcode { get; set; }

    /// <summary>The invited attendees, as the organizer named them (joiners are chat members, not listed here).</summary>
    public List<MeetingAttendee> Attendees { get; set; } = [];
}

/// <summary>An invited attendee, copied from the directory at invitation.</summary>
internal sealed record MeetingAttendee(Guid UserId, Guid TenantId, string DisplayName, string UserPrincipalName);

namespace Switchboard.Chat;

/// <summary>
/// What the calling service may ask about meetings. A meeting is a chat of type <c>meeting</c> with a join
/// link and a numeric meeting id + passcode (Graph's <c>onlineMeeting</c>); its call is the meeting's call.
/// </summary>
internal interface IMeetings
{
    /// <summary>The meeting a <c>joinWebUrl</c> leads to, or null when the link is unknown or malformed.</summary>
    Task<MeetingInfo?> FindByJoinUrlAsync(string joinWebUrl, CancellationToken cancellationToken);

    /// <summary>The meeting with this <c>joinMeetingId</c>, or null. The caller compares the passcode (constant time).</summary>
    Task<MeetingInfo?> FindByMeetingIdAsync(string joinMeetingId, CancellationToken cancellationToken);

    /// <summary>Adds a user who joined the meeting's call to the meeting chat (no-op when already a member).</summary>
    Task AddAttendeeAsync(string threadId, Guid user, Guid tenantId, CancellationToken cancellationToken);
}

/// <summary>A meeting as the calling service sees it.</summary>
internal sealed record MeetingInfo(
    string Id,
    string ThreadId,
    Guid TenantId,
    Guid OrganizerId,
    string Subject,
    string JoinWebUrl,
    string JoinMeetingId,
    string Passcode,
    DateTimeOffset? StartDateTime,
    DateTimeOffset? EndDateTime);

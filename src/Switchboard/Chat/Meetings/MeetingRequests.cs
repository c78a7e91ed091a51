namespace Switchboard.Chat.Meetings;

// The onlineMeeting bodies as the SDKs send them. Everything is optional here; the endpoint's checks
// turn absent or wrong values into Graph's 400s, and properties this server does not keep are ignored.

internal sealed class MeetingRequest
{
    public string? Subject { get; set; }

    public DateTimeOffset? StartDateTime { get; set; }

    public DateTimeOffset? EndDateTime { get; set; }

    public MeetingParticipantsRequest? Participants { get; set; }
}

internal sealed class MeetingParticipantsRequest
{
    public List<MeetingParticipantRequest?>? Attendees { get; set; }
}

internal sealed class MeetingParticipantRequest
{
    public IdentitySetRequest? Identity { get; set; }

    public string? Upn { get; set; }
}

internal sealed class IdentitySetRequest
{
    public IdentityRequest? User { get; set; }
}

internal sealed class IdentityRequest
{
    public string? Id { get; set; }
}

using System.Text.Json.Serialization;
using Switchboard.Chat.Model;

namespace Switchboard.Chat.Meetings;

// Graph's onlineMeeting as the SDKs read it: the properties Switchboard keeps, and Graph's values
// for the settings it does not (everyone may present, the organization bypasses the lobby).

internal sealed record MeetingView(
    [property: JsonPropertyName("@odata.context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ODataContext,
    string Id,
    DateTimeOffset CreationDateTime,
    DateTimeOffset? StartDateTime,
    DateTimeOffset? EndDateTime,
    string JoinWebUrl,
    string Subject,
    bool IsBroadcast,
    string AllowedPresenters,
    bool IsEntryExitAnnounced,
    object? AudioConferencing,
    string? VideoTeleconferenceId,
    JoinMeetingIdSettingsView JoinMeetingIdSettings,
    ChatInfoView ChatInfo,
    LobbyBypassSettingsView LobbyBypassSettings,
    MeetingParticipantsView Participants);

internal sealed record JoinMeetingIdSettingsView(string JoinMeetingId, string Passcode, bool IsPasscodeRequired);

internal sealed record ChatInfoView(string ThreadId, string MessageId, string? ReplyChainMessageId);

internal sealed record LobbyBypassSettingsView(string Scope, bool IsDialInBypassEnabled);

internal sealed record MeetingParticipantsView(MeetingParticipantView Organizer, IReadOnlyList<MeetingParticipantView> Attendees);

internal sealed record MeetingParticipantView(MeetingIdentitySetView Identity, string Role, string? Upn);

internal sealed record MeetingIdentitySetView(MeetingIdentityView User);

internal sealed record MeetingIdentityView(string Id, string? DisplayName, string TenantId, string IdentityProvider);

/// <summary>A meeting chat's <c>onlineMeetingInfo</c> (Graph's <c>teamworkOnlineMeetingInfo</c>).</summary>
internal sealed record OnlineMeetingInfoView(string? CalendarEventId, string JoinWebUrl, OnlineMeetingOrganizerView Organizer);

internal sealed record OnlineMeetingOrganizerView(
    [property: JsonPropertyName("@odata.type")] string ODataType,
    string Id,
    string? DisplayName,
    string UserIdentityType,
    string TenantId);

internal static class MeetingViewBuilder
{
    /// <summary>With <paramref name="origin"/>, a single entity's <c>@odata.context</c>; without it, an item of a collection.</summary>
    public static MeetingView Meeting(OnlineMeetingRecord meeting, string? origin) => new(
        origin is null ? null : $"{origin}/v1.0/$metadata#users('{meeting.OrganizerId}')/onlineMeetings/$entity",
        meeting.Id,
        meeting.CreatedAt,
        meeting.StartAt,
        meeting.EndAt,
        meeting.JoinWebUrl,
        meeting.Subject,
        false,
        "everyone",
        false,
        null,
        null,
        new JoinMeetingIdSettingsView(meeting.JoinMeetingId, meeting.Passcode, true),
        new ChatInfoView(meeting.ThreadId, "0", null),
        new LobbyBypassSettingsView("organization", false),
        new MeetingParticipantsView(Participant(new MeetingAttendee(meeting.OrganizerId, meeting.TenantId, meeting.OrganizerName, meeting.OrganizerUpn), "presenter"), meeting.Attendees.Select(a => Participant(a, "attendee")).ToList()));

    public static OnlineMeetingInfoView? ChatInfo(ChatThread chat)
        => chat.JoinWebUrl is { } url && chat.OrganizerId is { } organizer
            ? new OnlineMeetingInfoView(null, url, new OnlineMeetingOrganizerView("#microsoft.graph.teamworkUserIdentity", organizer.ToString(), null, "aadUser", chat.TenantId.ToString()))
            : null;

    private static MeetingParticipantView Participant(MeetingAttendee who, string role)
        => new(new MeetingIdentitySetView(new MeetingIdentityView(who.UserId.ToString(), who.DisplayName, who.TenantId.ToString(), "AAD")), role, who.UserPrincipalName);
}

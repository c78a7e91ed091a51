namespace Switchboard.Calling.Signaling;

/// <summary>Who is on an endpoint: the raw id (<c>8:orgid:{oid}</c> or <c>8:acs:…</c>), its kind as @azure/communication-common names it, and a display name.</summary>
internal sealed record CallIdentity(string RawId, string Kind, string DisplayName, Guid? TeamsUserId)
{
    public const string TeamsUserKind = "microsoftTeamsUser";
    public const string CommunicationUserKind = "communicationUser";

    /// <summary>A Teams user's home tenant (meeting chats add attendees as members or guests by it).</summary>
    public Guid? TenantId { get; init; }

    public object Info => new { rawId = RawId, kind = Kind, displayName = DisplayName };
}

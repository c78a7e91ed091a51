using Switchboard.Graph;

namespace Switchboard.Chat.Meetings;

/// <summary>Graph's table for <c>/me/onlineMeetings</c>: delegated only, work or school accounts.</summary>
internal static class MeetingPermissions
{
    public static readonly GraphPermission Read = GraphPermission.DelegatedOnly("OnlineMeetings.Read", "OnlineMeetings.ReadWrite");

    public static readonly GraphPermission Write = GraphPermission.DelegatedOnly("OnlineMeetings.ReadWrite");
}

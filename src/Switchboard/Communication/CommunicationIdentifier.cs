namespace Switchboard.Communication;

/// <summary>
/// Raw ids as <c>@azure/communication-common</c> parses them: <c>8:acs:{resource}_{local}</c> for ACS
/// users (exactly one <c>_</c>, so the local id has neither <c>_</c> nor <c>:</c>) and
/// <c>8:orgid:{oid}</c> for Teams users.
/// </summary>
internal static class CommunicationIdentifier
{
    public static string ForUser(Guid resourceId, string localId) => $"8:acs:{resourceId}_{localId}";

    public static string SkypeIdForUser(Guid resourceId, string localId) => $"acs:{resourceId}_{localId}";

    public static string ForTeamsUser(Guid objectId) => $"8:orgid:{objectId}";

    public static string SkypeIdForTeamsUser(Guid objectId) => $"orgid:{objectId}";

    /// <summary>A new local id shaped like the service's (<c>00000005-14a2-493b-8a72-5a3a0d000081</c>).</summary>
    public static string NewLocalId() => Guid.NewGuid().ToString("D");

    public static bool TryParseUser(string rawId, out Guid resourceId, out string localId)
    {
        resourceId = Guid.Empty;
        localId = "";
        if (!rawId.StartsWith("8:acs:", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = rawId["8:acs:".Length..];
        var parts = rest.Split('_');
        if (parts.Length != 2 || !Guid.TryParse(parts[0], out resourceId) || parts[1].Length == 0 || parts[1].Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        localId = parts[1];
        return true;
    }
}

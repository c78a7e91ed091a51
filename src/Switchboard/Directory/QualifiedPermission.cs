namespace Switchboard.Directory;

/// <summary>
/// A permission as apps write it: <c>https://auth.msft.communication.azure.com/Teams.ManageCalls</c>,
/// <c>api://{appId}/access_as_user</c>, <c>{appId}/.default</c>, or a bare <c>User.Read</c> (Microsoft Graph).
/// </summary>
internal readonly record struct QualifiedPermission(string Resource, string Value)
{
    public bool IsDefault => Value == ".default";

    public static QualifiedPermission Parse(string text)
    {
        var slash = text.LastIndexOf('/');
        if (slash <= 0)
        {
            return new(FirstPartyApplications.GraphResource, text);
        }

        // Azure SDKs ask for "https://communication.azure.com//.default"; the doubled slash is Microsoft's.
        var resource = text[..slash].TrimEnd('/');
        return new(resource, text[(slash + 1)..]);
    }

    public override string ToString() => $"{Resource}/{Value}";
}

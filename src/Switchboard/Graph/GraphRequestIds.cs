namespace Switchboard.Graph;

/// <summary>Graph's correlation headers: every response carries <c>request-id</c> and echoes <c>client-request-id</c>.</summary>
internal static class GraphRequestIds
{
    private const string Key = "graph.request-id";

    public static string RequestId(HttpContext http)
    {
        if (http.Items[Key] is string id)
        {
            return id;
        }

        id = Guid.NewGuid().ToString();
        http.Items[Key] = id;
        return id;
    }

    public static string? ClientRequestId(HttpContext http)
    {
        var value = http.Request.Headers["client-request-id"].ToString();
        return value.Length is > 0 and <= 128 ? value : null;
    }
}

namespace Switchboard.Web;

/// <summary>
/// Paths that belong to the services, never to a web app's deep links: a page load of one of them gets
/// the service's own answer (or 404), not the client's <c>index.html</c>.
/// </summary>
internal static class WebRoutes
{
    private static readonly HashSet<string> ServiceSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "v1.0", "beta", ".well-known", "identities", "teamsUser", "calling", "chat", "sdk", "admin", "communication", "web",
        "common", "organizations", "consumers", "error",
    };

    /// <summary>Second segments of the sign-in service's per-tenant routes (<c>/{tenant}/oauth2/...</c>).</summary>
    private static readonly HashSet<string> TenantSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "oauth2", "v2.0", ".well-known", "discovery", "adminconsent", "userrealm", "federation", "reprocess", "login", "kmsi",
    };

    public static bool IsReserved(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return false;
        }

        if (ServiceSegments.Contains(segments[0]) || Guid.TryParse(segments[0], out _))
        {
            return true;
        }

        if (segments.Length > 1 && TenantSegments.Contains(segments[1]))
        {
            return true;
        }

        // The Contoso sample's API is its back end's (forwarded), never its page.
        return segments.Length > 2 && segments[0].Equals("samples", StringComparison.OrdinalIgnoreCase) && segments[2].Equals("api", StringComparison.OrdinalIgnoreCase);
    }
}

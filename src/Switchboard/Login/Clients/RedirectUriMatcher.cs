using Switchboard.Directory.Model;

namespace Switchboard.Login.Clients;

/// <summary>
/// Finds the registration a <c>redirect_uri</c> matches: exact match after decoding, except that for
/// http loopback addresses the port is ignored (RFC 8252 §7.3, and Entra's rule for localhost).
/// Switchboard's own web apps register origin-relative URIs (<c>/</c>, <c>/admin/</c>), and a seed may
/// register one for a page this server serves (<c>/samples/contoso/</c>): they match on the origin this
/// server answers at, and nowhere else. Entra has no relative URIs; only the seed and the first-party
/// registrations can hold one (an app registered through an API is held to absolute URIs).
/// </summary>
internal static class RedirectUriMatcher
{
    public static RedirectUri? Match(Application app, string redirectUri, string selfOrigin)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var requested))
        {
            return null;
        }

        foreach (var registered in app.RedirectUris)
        {
            var absolute = registered.Uri.StartsWith('/') && !registered.Uri.StartsWith("//", StringComparison.Ordinal) ? selfOrigin + registered.Uri : registered.Uri;
            if (!Uri.TryCreate(absolute, UriKind.Absolute, out var candidate) || absolute.StartsWith('/'))
            {
                continue;
            }

            if (string.Equals(absolute, redirectUri, StringComparison.Ordinal))
            {
                return registered;
            }

            var loopback = requested.Scheme == Uri.UriSchemeHttp && requested.IsLoopback && candidate.IsLoopback;
            if (string.Equals(requested.Scheme, candidate.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(requested.Host, candidate.Host, StringComparison.OrdinalIgnoreCase)
                && (loopback || requested.Port == candidate.Port)
                && string.Equals(NormalPath(requested), NormalPath(candidate), StringComparison.Ordinal)
                && string.Equals(requested.Query, candidate.Query, StringComparison.Ordinal))
            {
                return registered;
            }
        }

        return null;
    }

    private static string NormalPath(Uri uri) => uri.AbsolutePath.Length > 1 ? uri.AbsolutePath.TrimEnd('/') : "/";
}

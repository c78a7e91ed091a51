using System.Text;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Errors;
using Switchboard.Login.Tokens;

namespace Switchboard.Login.Clients;

/// <summary>
/// Client authentication at the token endpoint: <c>client_secret</c> in the body or HTTP Basic;
/// public clients send nothing. Secrets are compared in constant time (<see cref="SecretHasher"/>).
/// </summary>
internal sealed class ClientAuthenticator(TimeProvider time)
{
    /// <summary>Returns Entra's <c>appidacr</c> ("0" public, "1" secret) or the error.</summary>
    public (string? AppIdAcr, AadError? Error) Authenticate(HttpRequest request, IFormCollection form, Application client, bool publicAllowed)
    {
        if (!string.IsNullOrEmpty(form["client_assertion"]))
        {
            return (null, AadErrors.ClientAssertionNotAccepted(client.AppId));
        }

        var secret = form["client_secret"].ToString();
        if (string.IsNullOrEmpty(secret))
        {
            secret = BasicSecret(request) ?? "";
        }

        if (string.IsNullOrEmpty(secret))
        {
            return publicAllowed ? (TokenIssuer.PublicClient, null) : (null, AadErrors.MissingClientCredential());
        }

        var now = time.GetUtcNow();
        var matched = client.Secrets.FirstOrDefault(s => SecretHasher.Verify(secret, s.Hash));
        if (matched is null)
        {
            return (null, AadErrors.InvalidClientSecret(client.AppId));
        }

        return matched.ExpiresAt is { } expires && expires <= now
            ? (null, AadErrors.ExpiredClientSecret(client.AppId))
            : (TokenIssuer.ClientSecret, null);
    }

    /// <summary>The client id from HTTP Basic, for requests that put it only there.</summary>
    public static string? BasicClientId(HttpRequest request) => ReadBasic(request)?.Id;

    private static string? BasicSecret(HttpRequest request) => ReadBasic(request)?.Secret;

    private static (string Id, string Secret)? ReadBasic(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

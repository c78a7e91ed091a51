using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Switchboard.Communication.Errors;
using Switchboard.Communication.Model;

namespace Switchboard.Communication.Auth;

/// <summary>
/// Azure Communication Services' HMAC-SHA256 request signing (acs-identity.md §3.1): the body hash,
/// the date window, then the signature over <c>VERB\npathAndQuery\ndate;host;hash</c> with each key of
/// each resource, compared in constant time. The path is the raw request target as sent (percent
/// encoding kept); the decoded form is accepted too, as some SDKs sign that.
/// </summary>
internal sealed class HmacAuthenticator(ResourceCache resources, TimeProvider time, IOptions<CommunicationOptions> options)
{
    private const string Scheme = "HMAC-SHA256 ";
    private const string ExpectedHeaders = "x-ms-date;host;x-ms-content-sha256";

    public static bool Applies(HttpRequest request)
        => request.Headers.Authorization.ToString().StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    public async Task<(CommunicationResource? Resource, AcsError? Error)> AuthenticateAsync(HttpContext http, byte[] body)
    {
        var request = http.Request;
        if (!TryParse(request.Headers.Authorization.ToString(), out var signedHeaders, out var signature)
            || !string.Equals(signedHeaders, ExpectedHeaders, StringComparison.OrdinalIgnoreCase))
        {
            return (null, AcsErrors.MalformedHmacHeader());
        }

        // Check: the body is what was signed.
        var claimedHash = request.Headers["x-ms-content-sha256"].ToString();
        var actualHash = Convert.ToBase64String(SHA256.HashData(body));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(claimedHash), Encoding.ASCII.GetBytes(actualHash)))
        {
            return (null, AcsErrors.ContentHashMismatch());
        }

        // Check: the date is recent (a captured request cannot be replayed later).
        var date = request.Headers["x-ms-date"].ToString();
        if (date.Length == 0)
        {
            date = request.Headers.Date.ToString();
        }

        var window = options.Value.HmacDateWindow;
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent)
            || (time.GetUtcNow() - sent).Duration() > window)
        {
            return (null, AcsErrors.DateOutsideWindow(window));
        }

        // Check: the signature matches a key.
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var host = request.Headers.Host.ToString();
        var candidates = new[] { rawTarget, Uri.UnescapeDataString(rawTarget) }.Distinct(StringComparer.Ordinal)
            .Select(target => Encoding.UTF8.GetBytes($"{request.Method.ToUpperInvariant()}\n{target}\n{date};{host};{claimedHash}"))
            .ToList();
        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return (null, AcsErrors.MalformedHmacHeader());
        }

        foreach (var resource in await resources.GetAsync(http.RequestAborted))
        {
            foreach (var key in new[] { resource.PrimaryKey, resource.SecondaryKey })
            {
                var secret = Convert.FromBase64String(key);
                foreach (var data in candidates)
                {
                    if (CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, data), presented))
                    {
                        return (resource, null);
                    }
                }
            }
        }

        return (null, AcsErrors.SignatureMismatch());
    }

    private static bool TryParse(string header, out string signedHeaders, out string signature)
    {
        signedHeaders = signature = "";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var part in header[Scheme.Length..].Trim().Split('&'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (name.Equals("SignedHeaders", StringComparison.OrdinalIgnoreCase))
            {
                signedHeaders = value;
            }
            else if (name.Equals("Signature", StringComparison.OrdinalIgnoreCase))
            {
                signature = value;
            }
        }

        return signedHeaders.Length > 0 && signature.Length > 0;
    }
}

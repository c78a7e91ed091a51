using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Switchboard.Graph;

/// <summary>
/// Opaque <c>$skiptoken</c>s: a position the server wrote, protected so a client can neither read nor
/// forge one, and bound to the path it came from. <c>@odata.nextLink</c> is absolute and uses the
/// scheme and host the client called (the JavaScript PageIterator needs https and the same host).
/// </summary>
internal sealed class GraphPaging(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("Switchboard.Graph.SkipToken.v1");

    public string Protect(HttpRequest request, string position)
        => WebEncoders.Base64UrlEncode(protector.Protect(Encoding.UTF8.GetBytes(request.Path + "\n" + position)));

    public bool TryUnprotect(HttpRequest request, string token, out string position)
    {
        position = string.Empty;
        try
        {
            var text = Encoding.UTF8.GetString(protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            if (split < 0 || !string.Equals(text[..split], request.Path.Value, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            position = text[(split + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The request's own URL with <c>$skiptoken</c> replaced: the original options are kept.</summary>
    public string NextLink(HttpRequest request, string position)
    {
        var query = request.Query
            .Where(q => !string.Equals(q.Key.TrimStart('$'), "skiptoken", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("$skiptoken", Protect(request, position)));
        return QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", query);
    }
}

using Switchboard.Directory;
using Switchboard.Login.Tokens;

namespace Switchboard.Graph;

/// <summary>
/// Accepts access tokens from the sign-in service whose audience is Microsoft Graph. Personal
/// accounts are refused: Graph's chat and people APIs are for work and school accounts.
/// </summary>
internal sealed class GraphAuthenticator(IEntraTokenValidator validator, TimeProvider time)
{
    private const int CacheLimit = 10_000;

    /// <summary>
    /// Callers of tokens already validated, until the token expires: an app sends the same token with every
    /// request, and the RSA check is the largest cost of a small request. Keyed by the token's SHA-256.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, GraphCaller> validated = new(StringComparer.Ordinal);

    public async Task<(GraphCaller? Caller, GraphError? Error)> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return (null, GraphErrors.EmptyToken());
        }

        var key = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
        if (validated.TryGetValue(key, out var known))
        {
            if (known.ExpiresOn > time.GetUtcNow())
            {
                return (known, null);
            }

            validated.TryRemove(key, out _);
        }

        var (caller, error) = await ValidateAsync(token, cancellationToken);
        if (caller is not null)
        {
            if (validated.Count >= CacheLimit)
            {
                validated.Clear();
            }

            validated[key] = caller;
        }

        return (caller, error);
    }

    private async Task<(GraphCaller? Caller, GraphError? Error)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(token, cancellationToken);
        if (!validation.IsValid)
        {
            return (null, GraphErrors.InvalidToken(validation.Detail ?? "The token is not valid."));
        }

        var jwt = validation.Token!;
        var audience = jwt.TryGetPayloadValue<string>("aud", out var aud) ? aud.TrimEnd('/') : string.Empty;
        if (!string.Equals(audience, FirstPartyApplications.GraphResource, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(audience, FirstPartyApplications.GraphAppId.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            return (null, GraphErrors.WrongAudience());
        }

        var tenant = Guid.Parse(jwt.GetPayloadValue<string>("tid"));
        if (tenant == FirstPartyApplications.ConsumersTenantId)
        {
            return (null, GraphErrors.PersonalAccount());
        }

        var app = Guid.TryParse(jwt.TryGetPayloadValue<string>("appid", out var appid) ? appid : jwt.TryGetPayloadValue<string>("azp", out var azp) ? azp : null, out var appGuid)
            ? appGuid
            : Guid.Empty;
        var scopes = jwt.TryGetPayloadValue<string>("scp", out var scp)
            ? scp.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var roles = jwt.TryGetPayloadValue<string[]>("roles", out var r) ? r.ToHashSet(StringComparer.OrdinalIgnoreCase) : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Guid? user = scopes.Count > 0 && Guid.TryParse(jwt.TryGetPayloadValue<string>("oid", out var oid) ? oid : null, out var userId) ? userId : null;
        return (new GraphCaller(tenant, user, app, scopes, roles, jwt.ValidTo == DateTime.MinValue ? DateTimeOffset.MaxValue : new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)), null);
    }

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}

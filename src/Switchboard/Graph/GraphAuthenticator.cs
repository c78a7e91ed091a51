using Switchboard.Directory;
using Switchboard.Login.Tokens;

namespace Switchboard.Graph;

/// <summary>
/// Accepts access tokens from the sign-in service whose audience is Microsoft Graph. Personal
/// accounts are refused: Graph's chat and people APIs are for work and school accounts.
/// </summary>
internal sealed class GraphAuthenticator(IEntraTokenValidator validator)
{
    public async Task<(GraphCaller? Caller, GraphError? Error)> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return (null, GraphErrors.EmptyToken());
        }

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

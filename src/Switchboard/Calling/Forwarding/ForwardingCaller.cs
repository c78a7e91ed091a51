using Switchboard.Communication.Errors;
using Switchboard.Communication.Tokens;
using Switchboard.Directory;

namespace Switchboard.Calling.Forwarding;

/// <summary>
/// Who is asking, from the ACS access token the call agent also uses (<c>Authorization: Bearer</c>), with
/// the agent's checks: a valid token with <c>voip</c>, and a Teams user who is enabled and licensed.
/// </summary>
internal sealed class ForwardingCaller(IAcsTokenValidator tokens, IServiceScopeFactory scopes)
{
    public async Task<(string? RawId, AcsError? Error)> AuthenticateAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            return (null, AcsErrors.TokenRequired());
        }

        var (principal, failure) = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), request.HttpContext.RequestAborted);
        if (principal is null)
        {
            return (null, AcsErrors.TokenNotValid(failure!));
        }

        if (!principal.Scopes.Contains("voip", StringComparer.OrdinalIgnoreCase))
        {
            return (null, AcsErrors.VoipScopeRequired());
        }

        if (principal.TeamsObjectId is { } oid)
        {
            await using var scope = scopes.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<IDirectory>().GetUserAsync(oid, request.HttpContext.RequestAborted);
            if (user is null || !user.AccountEnabled || !user.TeamsEnabled)
            {
                return (null, AcsErrors.TeamsUserCannotCall());
            }
        }

        return (ForwardingTargets.Canonical(principal.RawId) ?? principal.RawId, null);
    }
}

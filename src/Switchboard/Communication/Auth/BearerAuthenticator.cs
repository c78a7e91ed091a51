using Microsoft.EntityFrameworkCore;
using Switchboard.Communication.Errors;
using Switchboard.Communication.Model;
using Switchboard.Communication.Storage;
using Switchboard.Directory;
using Switchboard.Login.Tokens;

namespace Switchboard.Communication.Auth;

/// <summary>
/// Entra bearer tokens from the sign-in service for <c>https://communication.azure.com/.default</c>,
/// authorised by a role assignment on a resource (Switchboard's stand-in for Azure RBAC).
/// </summary>
internal sealed class BearerAuthenticator(IEntraTokenValidator validator, CommunicationDb db, ResourceCache resources)
{
    public static bool Applies(HttpRequest request)
        => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    public async Task<(CommunicationResource? Resource, string? Role, AcsError? Error)> AuthenticateAsync(HttpContext http)
    {
        var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var validation = await validator.ValidateAsync(token, http.RequestAborted);
        if (!validation.IsValid)
        {
            return (null, null, AcsErrors.BearerInvalid(validation.Detail ?? "invalid"));
        }

        var jwt = validation.Token!;
        var audience = jwt.GetPayloadValue<string>("aud").TrimEnd('/');
        if (!string.Equals(audience, FirstPartyApplications.CommunicationDataPlaneResource, StringComparison.OrdinalIgnoreCase)
            && audience != FirstPartyApplications.CommunicationDataPlaneAppId.ToString())
        {
            return (null, null, AcsErrors.BearerWrongAudience());
        }

        var tenant = Guid.Parse(jwt.GetPayloadValue<string>("tid"));
        var isApp = !jwt.TryGetPayloadValue<string>("scp", out _);
        var principalText = isApp
            ? (jwt.TryGetPayloadValue<string>("appid", out var appid) ? appid : jwt.GetPayloadValue<string>("azp"))
            : jwt.GetPayloadValue<string>("oid");
        var principal = Guid.Parse(principalText);

        var assignments = await db.RoleAssignments.AsNoTracking()
            .Where(a => a.PrincipalTenantId == tenant && a.PrincipalId == principal)
            .ToListAsync(http.RequestAborted);
        if (assignments.Count == 0)
        {
            return (null, null, AcsErrors.NoRoleAssignment(principalText));
        }

        var all = await resources.GetAsync(http.RequestAborted);
        var named = http.Request.Headers["x-switchboard-resource"].ToString();
        var candidates = assignments.Select(a => a.ResourceId).Distinct().Select(id => all.First(r => r.Id == id))
            .Where(r => named.Length == 0 || r.Id.ToString() == named || r.Name == named).ToList();
        if (candidates.Count != 1)
        {
            return (null, null, candidates.Count == 0 ? AcsErrors.NoRoleAssignment(principalText) : AcsErrors.AmbiguousResource());
        }

        var resource = candidates[0];
        var role = assignments.Any(a => a.ResourceId == resource.Id && a.Role == CommunicationRoles.Owner) ? CommunicationRoles.Owner : CommunicationRoles.Contributor;
        return (resource, role, null);
    }
}

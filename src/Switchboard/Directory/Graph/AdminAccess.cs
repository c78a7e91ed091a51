using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// Entra's second gate for delegated calls: besides the scope, the signed-in user must hold a directory
/// role that may do the operation. App-only callers are judged by their application permission alone.
/// </summary>
internal static class AdminAccess
{
    public static readonly IReadOnlySet<Guid> UserWriters = new HashSet<Guid> { DirectoryRoles.GlobalAdministrator, DirectoryRoles.UserAdministrator };

    public static readonly IReadOnlySet<Guid> AppWriters = new HashSet<Guid>
    {
        DirectoryRoles.GlobalAdministrator, DirectoryRoles.ApplicationAdministrator, DirectoryRoles.CloudApplicationAdministrator,
    };

    /// <summary>Tenant-wide grants and role changes: the privileged roles only.</summary>
    public static readonly IReadOnlySet<Guid> PrivilegedWriters = new HashSet<Guid> { DirectoryRoles.GlobalAdministrator, DirectoryRoles.PrivilegedRoleAdministrator };

    public static readonly IReadOnlySet<Guid> GlobalAdministrators = new HashSet<Guid> { DirectoryRoles.GlobalAdministrator };

    public static async Task<GraphError?> CheckAsync(HttpContext http, IDirectory directory, IReadOnlySet<Guid> roles)
    {
        var caller = http.GraphCaller();
        if (caller.IsApplication)
        {
            return null;
        }

        var user = await directory.GetUserAsync(caller.User, http.RequestAborted);
        return user is { AccountEnabled: true } && user.TenantId == caller.TenantId && user.Roles.Any(roles.Contains) ? null : GraphErrors.InsufficientPrivileges();
    }
}

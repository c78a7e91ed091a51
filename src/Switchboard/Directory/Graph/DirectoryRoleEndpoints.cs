using System.Text.Json.Nodes;
using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// Graph's <c>directoryRoles</c>: every role Switchboard knows is activated in every tenant, and a role's
/// object id is its template id (so <c>/directoryRoles/{templateId}</c> and
/// <c>/directoryRoles(roleTemplateId='…')</c> name the same role). Membership changes need
/// RoleManagement.ReadWrite.Directory and, for a user, Global or Privileged Role Administrator.
/// </summary>
internal static class DirectoryRoleEndpoints
{
    public static readonly GraphPermission ReadRoles = GraphPermission.DelegatedOnly("RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All");

    public static readonly GraphPermission WriteRoles = GraphPermission.DelegatedOnly("RoleManagement.ReadWrite.Directory");

    public static IResult List(HttpContext http)
        => GraphJson.Ok(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"{UserEndpoints.Origin(http)}/v1.0/$metadata#directoryRoles",
            ["value"] = DirectoryRoles.ByName.Select(p => View(p.Key, p.Value)).ToList(),
        });

    public static async Task<IResult> MembersAsync(HttpContext http, string roleId, IDirectory directory)
    {
        if (!TryRole(roleId, out var role))
        {
            return GraphErrors.DirectoryObjectNotFound(roleId).ToResult();
        }

        var users = await directory.ListUsersAsync(http.GraphCaller().TenantId, http.RequestAborted);
        return GraphJson.Ok(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"{UserEndpoints.Origin(http)}/v1.0/$metadata#directoryObjects",
            ["value"] = users.Where(u => u.Roles.Contains(role)).Select(u =>
            {
                var view = UserEndpoints.View(http, u, null);
                view = new Dictionary<string, object?>(view.Prepend(new("@odata.type", "#microsoft.graph.user")));
                return view;
            }).ToList(),
        });
    }

    /// <summary><c>POST /directoryRoles/{id}/members/$ref</c> <c>{"@odata.id":".../directoryObjects/{userId}"}</c>.</summary>
    public static async Task<IResult> AddMemberAsync(HttpContext http, string roleId, IDirectory directory, IDirectoryAdmin admin)
    {
        if (!TryRole(roleId, out var role))
        {
            return GraphErrors.DirectoryObjectNotFound(roleId).ToResult();
        }

        if (await AdminAccess.CheckAsync(http, directory, AdminAccess.PrivilegedWriters) is { } denied)
        {
            return denied.ToResult();
        }

        var (body, bodyError) = await GraphBody.ReadAsync<JsonObject>(http.Request);
        if (bodyError is not null)
        {
            return bodyError.ToResult();
        }

        var (reference, referenceError) = JsonFields.String(body!, "@odata.id");
        if (referenceError is not null || string.IsNullOrEmpty(reference))
        {
            return (referenceError ?? GraphErrors.RequiredValueMissing("@odata.id")).ToResult();
        }

        var last = reference.TrimEnd('/').Split('/')[^1];
        var id = last.StartsWith("directoryObjects(", StringComparison.OrdinalIgnoreCase) || last.StartsWith("users(", StringComparison.OrdinalIgnoreCase)
            ? last[(last.IndexOf('(', StringComparison.Ordinal) + 1)..].TrimEnd(')').Trim('\'')
            : last;
        var (user, error) = await UserAdminEndpoints.FindAsync(http, id, directory);
        if (error is not null)
        {
            return error.ToResult();
        }

        return await admin.SetRoleMemberAsync(user!.Id, role, member: true, http.RequestAborted)
            ? Results.NoContent()
            : GraphErrors.RoleMemberExists().ToResult();
    }

    public static async Task<IResult> RemoveMemberAsync(HttpContext http, string roleId, string memberId, IDirectory directory, IDirectoryAdmin admin)
    {
        if (!TryRole(roleId, out var role))
        {
            return GraphErrors.DirectoryObjectNotFound(roleId).ToResult();
        }

        if (await AdminAccess.CheckAsync(http, directory, AdminAccess.PrivilegedWriters) is { } denied)
        {
            return denied.ToResult();
        }

        var (user, error) = await UserAdminEndpoints.FindAsync(http, memberId, directory);
        if (error is not null)
        {
            return error.ToResult();
        }

        return await admin.SetRoleMemberAsync(user!.Id, role, member: false, http.RequestAborted)
            ? Results.NoContent()
            : GraphErrors.DirectoryObjectNotFound(memberId).ToResult();
    }

    private static bool TryRole(string text, out Guid role)
    {
        const string Prefix = "roleTemplateId=";
        var id = text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? text[Prefix.Length..].Trim('\'') : text;
        return Guid.TryParse(id, out role) && DirectoryRoles.ByName.Values.Contains(role);
    }

    private static Dictionary<string, object?> View(string name, Guid id) => new()
    {
        ["id"] = id.ToString(),
        ["deletedDateTime"] = null,
        ["description"] = name,
        ["displayName"] = name,
        ["roleTemplateId"] = id.ToString(),
    };
}

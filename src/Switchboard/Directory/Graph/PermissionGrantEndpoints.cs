using System.Text.Json.Nodes;
using Switchboard.Directory.Model;
using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// <c>/oauth2PermissionGrants</c>: the delegated consent the sign-in service reads. A grant made here
/// is exactly what a consent page records, so it removes the prompt for the scopes it lists.
/// Writes need DelegatedPermissionGrant.ReadWrite.All and, for a user, Global or Privileged Role Administrator.
/// </summary>
internal static class PermissionGrantEndpoints
{
    public static readonly GraphPermission ReadGrants = GraphPermission.DelegatedOnly("DelegatedPermissionGrant.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");

    public static readonly GraphPermission WriteGrants = GraphPermission.DelegatedOnly("DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All");

    public static async Task<IResult> ListAsync(HttpContext http, IDirectoryAdmin admin)
    {
        var (query, error) = GraphQuery.Parse(http.Request, 999, "top", "filter");
        if (error is not null)
        {
            return error.ToResult();
        }

        var (filter, filterError) = GrantFilter.Parse(query!.Filter);
        if (filterError is not null)
        {
            return filterError.ToResult();
        }

        var grants = await admin.ListGrantsAsync(http.GraphCaller().TenantId, http.RequestAborted);
        return GraphJson.Ok(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"{UserEndpoints.Origin(http)}/v1.0/$metadata#oauth2PermissionGrants",
            ["value"] = grants.Where(g => filter is null || filter(g)).Take(query.Top ?? 100).Select(View).ToList(),
        });
    }

    public static async Task<IResult> GetAsync(HttpContext http, string id, IDirectoryAdmin admin)
    {
        var (grant, error) = await FindAsync(http, id, admin);
        return error is not null ? error.ToResult() : GraphJson.Ok(View(grant!, http));
    }

    public static async Task<IResult> CreateAsync(HttpContext http, IDirectory directory, IDirectoryAdmin admin)
    {
        if (await AdminAccess.CheckAsync(http, directory, AdminAccess.PrivilegedWriters) is { } denied)
        {
            return denied.ToResult();
        }

        var (body, bodyError) = await GraphBody.ReadAsync<JsonObject>(http.Request);
        if (bodyError is not null)
        {
            return bodyError.ToResult();
        }

        var (clientId, e1) = JsonFields.Id(body!, "clientId");
        var (resourceId, e2) = JsonFields.Id(body!, "resourceId");
        var (consentType, e3) = JsonFields.String(body!, "consentType");
        var (principalText, e4) = JsonFields.String(body!, "principalId");
        var (scope, e5) = JsonFields.String(body!, "scope");
        if ((e1 ?? e2 ?? e3 ?? e4 ?? e5) is { } typeError)
        {
            return typeError.ToResult();
        }

        // Checks in order: RequiredProperties, ConsentType, PrincipalMatchesType, ClientInTenant, ResourceInTenant, PrincipalInTenant, ScopesOfResource.
        GraphError? error = clientId is null ? GraphErrors.RequiredValueMissing("clientId")
            : resourceId is null ? GraphErrors.RequiredValueMissing("resourceId")
            : consentType is null ? GraphErrors.RequiredValueMissing("consentType")
            : consentType is not (ConsentTypes.AllPrincipals or ConsentTypes.Principal) ? GraphErrors.InvalidValue("consentType")
            : consentType == ConsentTypes.Principal && !Guid.TryParse(principalText, out _) ? GraphErrors.RequiredValueMissing("principalId")
            : consentType == ConsentTypes.AllPrincipals && principalText is not null ? GraphErrors.InvalidDirectoryValue("principalId", "must be null for AllPrincipals grants.")
            : null;
        if (error is not null)
        {
            return error.ToResult();
        }

        var tenant = http.GraphCaller().TenantId;
        var client = await admin.GetServicePrincipalAsync(clientId!.Value, http.RequestAborted);
        var resource = await admin.GetServicePrincipalAsync(resourceId!.Value, http.RequestAborted);
        if (client is null || client.TenantId != tenant)
        {
            return GraphErrors.DirectoryObjectNotFound(clientId.Value.ToString()).ToResult();
        }

        if (resource is null || resource.TenantId != tenant)
        {
            return GraphErrors.DirectoryObjectNotFound(resourceId.Value.ToString()).ToResult();
        }

        Guid? principal = null;
        if (consentType == ConsentTypes.Principal)
        {
            var (user, userError) = await UserAdminEndpoints.FindAsync(http, principalText!, directory);
            if (userError is not null)
            {
                return userError.ToResult();
            }

            principal = user!.Id;
        }

        var (values, scopeError) = await CheckScopesAsync(scope ?? string.Empty, resource, directory, http.RequestAborted);
        if (scopeError is not null)
        {
            return scopeError.ToResult();
        }

        var created = await admin.CreateGrantAsync(new PermissionGrant
        {
            TenantId = tenant,
            ClientId = client.Id,
            ResourceId = resource.Id,
            ConsentType = consentType!,
            PrincipalId = principal,
            Scope = string.Join(' ', values!),
        }, http.RequestAborted);
        return created is null ? GraphErrors.PermissionEntryExists().ToResult() : GraphJson.Ok(View(created, http), StatusCodes.Status201Created);
    }

    /// <summary><c>PATCH /oauth2PermissionGrants/{id}</c> <c>{"scope"}</c>: the only property Graph lets change.</summary>
    public static async Task<IResult> UpdateAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (grant, error) = await FindAsync(http, id, admin);
        if (error is not null)
        {
            return error.ToResult();
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

        if (body!.Select(p => p.Key).FirstOrDefault(k => k != "scope" && !k.StartsWith("@odata.", StringComparison.Ordinal)) is { } other)
        {
            return GraphErrors.ReadOnlyProperty(other).ToResult();
        }

        var (scope, scopeTypeError) = JsonFields.String(body!, "scope");
        if (scopeTypeError is not null || scope is null)
        {
            return (scopeTypeError ?? GraphErrors.RequiredValueMissing("scope")).ToResult();
        }

        var resource = await admin.GetServicePrincipalAsync(grant!.ResourceId, http.RequestAborted);
        var (values, scopeError) = await CheckScopesAsync(scope, resource!, directory, http.RequestAborted);
        if (scopeError is not null)
        {
            return scopeError.ToResult();
        }

        await admin.SetGrantScopeAsync(grant.Id, string.Join(' ', values!), http.RequestAborted);
        return Results.NoContent();
    }

    public static async Task<IResult> DeleteAsync(HttpContext http, string id, IDirectory directory, IDirectoryAdmin admin)
    {
        var (grant, error) = await FindAsync(http, id, admin);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (await AdminAccess.CheckAsync(http, directory, AdminAccess.PrivilegedWriters) is { } denied)
        {
            return denied.ToResult();
        }

        await admin.DeleteGrantAsync(grant!.Id, http.RequestAborted);
        return Results.NoContent();
    }

    internal static Dictionary<string, object?> View(PermissionGrant grant) => new()
    {
        ["clientId"] = grant.ClientId.ToString(),
        ["consentType"] = grant.ConsentType,
        ["id"] = grant.Id.ToString(),
        ["principalId"] = grant.PrincipalId?.ToString(),
        ["resourceId"] = grant.ResourceId.ToString(),
        ["scope"] = grant.Scope,
    };

    private static Dictionary<string, object?> View(PermissionGrant grant, HttpContext http)
        => new(View(grant).Prepend(new("@odata.context", $"{UserEndpoints.Origin(http)}/v1.0/$metadata#oauth2PermissionGrants/$entity")));

    private static async Task<(PermissionGrant? Grant, GraphError? Error)> FindAsync(HttpContext http, string id, IDirectoryAdmin admin)
    {
        var grant = Guid.TryParse(id, out var guid) ? await admin.GetGrantAsync(guid, http.RequestAborted) : null;
        return grant is null || grant.TenantId != http.GraphCaller().TenantId ? (null, GraphErrors.DirectoryObjectNotFound(id)) : (grant, null);
    }

    private static async Task<(List<string>? Values, GraphError? Error)> CheckScopesAsync(string scope, ServicePrincipal resource, IDirectory directory, CancellationToken cancellationToken)
    {
        var app = await directory.FindApplicationAsync(resource.AppId, cancellationToken);
        var values = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        var unknown = values.FirstOrDefault(v => app is null || !app.Scopes.Any(s => s.Value == v));
        return unknown is null ? (values, null) : (null, GraphErrors.UnknownScope(unknown, resource.DisplayName));
    }
}

/// <summary><c>$filter</c> on grants: <c>clientId eq</c>, <c>resourceId eq</c>, <c>consentType eq</c>, <c>principalId eq</c>, joined with <c>and</c>.</summary>
internal static class GrantFilter
{
    private static readonly string[] Properties = ["clientId", "resourceId", "consentType", "principalId"];

    public static (Func<PermissionGrant, bool>? Filter, GraphError? Error) Parse(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        var (node, error) = ODataFilter.Parse(text);
        if (error is not null)
        {
            return (null, error);
        }

        return Check(node!) is { } checkError ? (null, checkError) : (g => Matches(node!, g), null);
    }

    private static GraphError? Check(FilterNode node) => node switch
    {
        FilterLogical { Operator: "and" } l => Check(l.Left) ?? Check(l.Right),
        FilterComparison { Operator: "eq" } c when Properties.Contains(c.Property) && c.Value.IsString => null,
        FilterComparison c => GraphErrors.FilterOperatorNotAllowed(c.Property, ODataFilter.OperationKind(c.Operator)),
        _ => GraphErrors.InvalidFilter("Filter grants with clientId, resourceId, consentType or principalId eq '…', joined with and."),
    };

    private static bool Matches(FilterNode node, PermissionGrant grant) => node switch
    {
        FilterLogical l => Matches(l.Left, grant) && Matches(l.Right, grant),
        FilterComparison c => string.Equals(c.Property switch
        {
            "clientId" => grant.ClientId.ToString(),
            "resourceId" => grant.ResourceId.ToString(),
            "consentType" => grant.ConsentType,
            _ => grant.PrincipalId?.ToString(),
        }, c.Value.Text, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}

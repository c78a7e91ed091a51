namespace Switchboard.Graph;

/// <summary>
/// Who is calling Graph: a signed-in user (delegated, <see cref="UserId"/> set, scopes from <c>scp</c>)
/// or an application (roles from <c>roles</c>). Tenant and app come from the token.
/// </summary>
internal sealed record GraphCaller(Guid TenantId, Guid? UserId, Guid AppId, IReadOnlySet<string> Scopes, IReadOnlySet<string> Roles, DateTimeOffset ExpiresOn)
{
    public bool IsApplication => UserId is null;

    public Guid User => UserId ?? throw new InvalidOperationException("An application caller has no user.");
}

internal static class GraphCallerHttpContextExtensions
{
    private const string Key = "graph.caller";

    public static GraphCaller GraphCaller(this HttpContext http)
        => http.Items[Key] as GraphCaller ?? throw new InvalidOperationException("The Graph caller filter did not run for this endpoint.");

    public static void SetGraphCaller(this HttpContext http, GraphCaller caller) => http.Items[Key] = caller;
}

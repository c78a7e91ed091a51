namespace Switchboard.Graph;

/// <summary>
/// What an operation accepts (graph-chat.md §4): any one of the delegated scopes, or (when listed) any
/// one of the application roles. No implied hierarchy beyond the table.
/// </summary>
internal sealed record GraphPermission(IReadOnlyList<string> Delegated, IReadOnlyList<string> Application)
{
    public static GraphPermission DelegatedOnly(params string[] scopes) => new(scopes, []);

    public GraphPermission OrApplication(params string[] roles) => this with { Application = roles };

    public GraphError? Check(GraphCaller caller)
    {
        if (caller.IsApplication)
        {
            if (Application.Count == 0)
            {
                return GraphErrors.ApplicationNotSupported();
            }

            return Application.Any(caller.Roles.Contains) ? null : GraphErrors.MissingRoles(Application, caller.Roles);
        }

        return Delegated.Any(caller.Scopes.Contains) ? null : GraphErrors.MissingScopes(Delegated, caller.Scopes);
    }
}

/// <summary>Authenticates the Graph caller and checks the operation's permission before the handler runs.</summary>
internal sealed class GraphCallerFilter(GraphPermission permission) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authenticator = http.RequestServices.GetRequiredService<GraphAuthenticator>();
        var (caller, error) = await authenticator.AuthenticateAsync(GraphAuthenticator.BearerToken(http.Request), http.RequestAborted);
        error ??= permission.Check(caller!);
        if (error is not null)
        {
            return error.ToResult();
        }

        http.SetGraphCaller(caller!);
        return await next(context);
    }
}

internal static class GraphRouteExtensions
{
    public static RouteHandlerBuilder Requires(this RouteHandlerBuilder route, GraphPermission permission)
        => route.AddEndpointFilter(new GraphCallerFilter(permission));
}

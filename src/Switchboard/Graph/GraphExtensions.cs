using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Graph;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Microsoft Graph's wire conventions, shared by the services that answer under <c>/v1.0</c>.</summary>
internal static partial class GraphExtensions
{
    public static IServiceCollection AddGraphProtocol(this IServiceCollection services)
    {
        services.TryAddSingleton<GraphAuthenticator>();
        services.TryAddSingleton<GraphPaging>();
        return services;
    }

    /// <summary>A <c>/v1.0</c> group: Graph's correlation headers, and a Graph-shaped 500 for bugs.</summary>
    public static RouteGroupBuilder MapGraphGroup(this IEndpointRouteBuilder endpoints)
        => endpoints.MapGroup("/v1.0").DisableAntiforgery().AddEndpointFilter(GraphGroupFilterAsync);

    /// <summary>Graph answers unknown paths with 400 "Resource not found for the segment".</summary>
    public static IEndpointRouteBuilder MapGraphFallback(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGraphGroup().Map("/{**rest}", (string? rest) =>
            GraphErrors.UnknownSegment(rest?.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "v1.0").ToResult());
        return endpoints;
    }

    private static async ValueTask<object?> GraphGroupFilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var requestId = GraphRequestIds.RequestId(http);
        http.Response.Headers["request-id"] = requestId;
        if (GraphRequestIds.ClientRequestId(http) is { } client)
        {
            http.Response.Headers["client-request-id"] = client;
        }

        try
        {
            return await next(context);
        }
        catch (BadHttpRequestException e)
        {
            return (e.StatusCode == StatusCodes.Status413PayloadTooLarge ? GraphErrors.TooLarge(GraphBody.MaxBytes) : GraphErrors.InvalidBody("the request could not be read.")).ToResult();
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Switchboard.Graph");
            LogUnhandled(logger, e, requestId);
            return GraphErrors.GeneralException().ToResult();
        }
    }

    [LoggerMessage(EventId = 4901, Level = LogLevel.Error, Message = "Unhandled error in a Graph request {RequestId}.")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}

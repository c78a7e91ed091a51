using System.Globalization;

namespace Switchboard.Graph;

/// <summary>Writes a <see cref="GraphError"/> with Graph's <c>innerError</c> (date, request-id, client-request-id).</summary>
internal sealed class GraphErrorResult(GraphError error) : IResult
{
    public GraphError Error { get; } = error;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = Error.Status;
        if (Error.RetryAfter is { } retry)
        {
            httpContext.Response.Headers.RetryAfter = Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        var time = httpContext.RequestServices.GetRequiredService<TimeProvider>();
        var body = new
        {
            error = new
            {
                code = Error.Code,
                message = Error.Message,
                innerError = new Dictionary<string, string?>
                {
                    ["date"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                    ["request-id"] = GraphRequestIds.RequestId(httpContext),
                    ["client-request-id"] = GraphRequestIds.ClientRequestId(httpContext),
                },
            },
        };
        return httpContext.Response.WriteAsJsonAsync(body, httpContext.RequestAborted);
    }
}

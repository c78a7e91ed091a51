using System.Globalization;

namespace Switchboard.Communication.Errors;

/// <summary>Writes an <see cref="AcsError"/> as the ACS error envelope.</summary>
internal sealed class AcsErrorResult(AcsError error) : IResult
{
    public AcsError Error { get; } = error;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = Error.Status;
        if (Error.RetryAfter is { } retry)
        {
            httpContext.Response.Headers.RetryAfter = Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return httpContext.Response.WriteAsJsonAsync(new { error = Shape(Error) }, httpContext.RequestAborted);
    }

    private static Dictionary<string, object> Shape(AcsError error)
    {
        var body = new Dictionary<string, object> { ["code"] = error.Code, ["message"] = error.Message };
        if (error.Target is not null)
        {
            body["target"] = error.Target;
        }

        if (error.Inner is not null)
        {
            body["innererror"] = Shape(error.Inner);
        }

        return body;
    }
}

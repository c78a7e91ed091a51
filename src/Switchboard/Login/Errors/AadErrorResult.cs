using System.Globalization;
using System.Text.Json;

namespace Switchboard.Login.Errors;

/// <summary>
/// Writes an <see cref="AadError"/> in Entra's JSON shape:
/// <c>{error, error_description, error_codes, timestamp, trace_id, correlation_id, error_uri[, suberror]}</c>.
/// </summary>
internal sealed class AadErrorResult(AadError error) : IResult
{
    public AadError Error { get; } = error;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var time = httpContext.RequestServices.GetRequiredService<TimeProvider>();
        var origin = httpContext.RequestServices.GetRequiredService<Issuers>().Origin(httpContext.Request);
        var body = Describe(Error, httpContext, time, origin);
        httpContext.Response.StatusCode = Error.Status;
        httpContext.Response.Headers.CacheControl = "no-store, no-cache";
        httpContext.Response.Headers.Pragma = "no-cache";
        await httpContext.Response.WriteAsJsonAsync(body, LoginJson.Options, httpContext.RequestAborted);
    }

    public static Dictionary<string, object> Describe(AadError error, HttpContext context, TimeProvider time, string origin)
    {
        var correlation = RequestCorrelation.Id(context);
        var trace = Guid.NewGuid().ToString();
        var timestamp = time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = new Dictionary<string, object>
        {
            ["error"] = error.Error,
            ["error_description"] = $"{error.Headline}\r\nSwitchboard check: {error.Check}.\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}\r\nTimestamp: {timestamp}",
            ["error_codes"] = new[] { error.Code },
            ["timestamp"] = timestamp,
            ["trace_id"] = trace,
            ["correlation_id"] = correlation,
            ["error_uri"] = origin + AadErrors.ErrorPath(error.Code),
        };
        if (error.SubError is not null)
        {
            body["suberror"] = error.SubError;
        }

        return body;
    }
}

/// <summary>The <c>client-request-id</c> MSAL sends (header, query or body), echoed as <c>correlation_id</c>.</summary>
internal static class RequestCorrelation
{
    private const string Name = "client-request-id";

    public static string Id(HttpContext context)
    {
        if (context.Items.TryGetValue(Name, out var cached) && cached is string id)
        {
            return id;
        }

        string? value = context.Request.Headers[Name];
        value ??= context.Request.Query[Name];
        if (value is null && context.Request.HasFormContentType && context.Request.Form.TryGetValue(Name, out var form))
        {
            value = form;
        }

        id = Guid.TryParse(value, out var guid) ? guid.ToString() : Guid.NewGuid().ToString();
        context.Items[Name] = id;
        if (string.Equals(context.Request.Headers["return-client-request-id"], "true", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers[Name] = id;
        }

        return id;
    }
}

internal static class LoginJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,

        // Entra writes apostrophes and quotes in descriptions as they are; the body is JSON, never HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

using System.Text.Json;
using Switchboard.Calling.Forwarding;
using Switchboard.Communication.Errors;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>GET</c> and <c>PUT /calling/forwarding</c>: the caller's own forwarding settings, Switchboard's
/// extension (Teams keeps them in its clients' settings, with no public API). Errors use the ACS envelope.
/// </summary>
internal static class ForwardingEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapForwarding(this IEndpointRouteBuilder endpoints)
    {
        // Any origin, as for the token endpoints: a bearer token is sent on purpose, never by a browser on its own.
        var forwarding = endpoints.MapGroup("/calling/forwarding").RequireCors(LoginExtensions.CorsPolicy).DisableAntiforgery();
        forwarding.MapGet("", GetAsync);
        forwarding.MapPut("", PutAsync);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(HttpContext http, ForwardingCaller caller, ForwardingRules rules)
    {
        var (rawId, error) = await caller.AuthenticateAsync(http.Request);
        if (error is not null)
        {
            return new AcsErrorResult(error);
        }

        return Results.Json(ForwardingView.Of(await rules.GetAsync(rawId!, http.RequestAborted)), Json);
    }

    private static async Task<IResult> PutAsync(HttpContext http, ForwardingCaller caller, ForwardingTargets targets, ForwardingRules rules)
    {
        var (rawId, error) = await caller.AuthenticateAsync(http.Request);
        if (error is not null)
        {
            return new AcsErrorResult(error);
        }

        var (body, bodyError) = await ReadBodyAsync(http.Request);
        if (bodyError is not null)
        {
            return new AcsErrorResult(bodyError);
        }

        var (settings, settingsError) = await targets.ReadAsync(rawId!, body!, http.RequestAborted);
        if (settingsError is not null)
        {
            return new AcsErrorResult(settingsError);
        }

        await rules.SetAsync(rawId!, settings!, http.RequestAborted);
        return Results.Json(ForwardingView.Of(settings!), Json);
    }

    /// <summary>A JSON object or the ACS 400; never minimal APIs' own binding errors, which have another shape.</summary>
    private static async Task<(ForwardingRequest? Body, AcsError? Error)> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, AcsErrors.InvalidBody($"the body is larger than {MaxBodyBytes} bytes."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, AcsErrors.InvalidBody($"the body is larger than {MaxBodyBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, AcsErrors.InvalidBody("the body is empty; a JSON object is required."));
        }

        try
        {
            var body = JsonSerializer.Deserialize<ForwardingRequest>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Json);
            return body is null ? (null, AcsErrors.InvalidBody("a JSON object is required.")) : (body, null);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            return (null, AcsErrors.InvalidBody($"malformed JSON or a value of the wrong type{where}."));
        }
    }
}

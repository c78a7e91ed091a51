using Switchboard.Communication.Errors;
using Switchboard.Communication.Model;

namespace Switchboard.Communication.Auth;

/// <summary>Who is calling the identity API, and in which resource.</summary>
internal sealed record CommunicationCaller(CommunicationResource Resource, string Role, string ApiVersion, byte[] Body);

/// <summary>
/// The ordered checks every identity-API request passes before its handler: api-version, body read
/// once (the HMAC hash covers the raw bytes), caller authentication (HMAC or Entra bearer), throttle.
/// </summary>
internal sealed class CommunicationCallerFilter(string operation) : IEndpointFilter
{
    public const string ItemKey = "Switchboard.CommunicationCaller";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers["api-supported-versions"] = ApiVersions.Header;
        var requestId = http.Request.Headers["x-ms-client-request-id"].ToString();
        if (requestId.Length > 0)
        {
            http.Response.Headers["x-ms-client-request-id"] = requestId;
        }

        var version = http.Request.Query["api-version"].ToString();
        if (version.Length == 0)
        {
            return new AcsErrorResult(AcsErrors.MissingApiVersion());
        }

        if (!ApiVersions.All.Contains(version))
        {
            return new AcsErrorResult(AcsErrors.UnsupportedApiVersion($"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}", version));
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();

        CommunicationResource? resource;
        string role;
        AcsError? error;
        var services = http.RequestServices;
        if (HmacAuthenticator.Applies(http.Request))
        {
            (resource, error) = await services.GetRequiredService<HmacAuthenticator>().AuthenticateAsync(http, body);
            role = CommunicationRoles.KeyHolder;
        }
        else if (BearerAuthenticator.Applies(http.Request))
        {
            string? assigned;
            (resource, assigned, error) = await services.GetRequiredService<BearerAuthenticator>().AuthenticateAsync(http);
            role = assigned ?? CommunicationRoles.Contributor;
        }
        else
        {
            (resource, role, error) = (null, "", AcsErrors.MissingAuthorization());
        }

        if (resource is null)
        {
            return new AcsErrorResult(error!);
        }

        var retryAfter = services.GetRequiredService<CommunicationThrottle>().TryAcquire(resource.Id, operation);
        if (retryAfter is { } wait)
        {
            return new AcsErrorResult(AcsErrors.Throttled(wait));
        }

        http.Items[ItemKey] = new CommunicationCaller(resource, role, version, body);
        return await next(context);
    }
}

internal static class CommunicationCallerExtensions
{
    public static CommunicationCaller Caller(this HttpContext http) => (CommunicationCaller)http.Items[CommunicationCallerFilter.ItemKey]!;
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Web;
using Switchboard.Web.Samples;

namespace Microsoft.Extensions.DependencyInjection;

internal static class WebExtensions
{
    /// <summary>Switchboard's web experience: the web apps' files, the web app's calling token, the Contoso sample's host.</summary>
    public static IServiceCollection AddWeb(this IServiceCollection services)
    {
        services.TryAddSingleton(WebFiles.FromOutput());
        services.AddContosoSample();
        return services;
    }

    public static IEndpointRouteBuilder MapWeb(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/web/calling-token", CallingTokenEndpoint.HandleAsync).DisableAntiforgery();
        endpoints.MapContosoSample();
        endpoints.MapGet("/", WebFiles.ClientIndex);
        // Lowest precedence: only what no other route takes, and only files or pages of the web apps. Not
        // MapFallback(handler), whose pattern skips paths that look like files (the apps' own scripts).
        endpoints.MapFallback("{**path}", WebFiles.Fallback);
        return endpoints;
    }
}

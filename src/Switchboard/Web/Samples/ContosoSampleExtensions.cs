using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Switchboard.Web.Samples;

/// <summary>
/// The Contoso sample's host. NOT platform code: the sample's back end is an ordinary customer server
/// (samples/contoso/server) that knows Switchboard only by its public URLs. Switchboard starts it next to
/// itself and forwards <c>/samples/contoso/api/*</c> to it only so that the browser has one origin to trust.
/// </summary>
internal static class ContosoSampleExtensions
{
    public static IServiceCollection AddContosoSample(this IServiceCollection services)
    {
        services.AddOptions<ContosoSampleOptions>().BindConfiguration(ContosoSampleOptions.Section);
        services.AddHttpForwarder();
        services.TryAddSingleton<ContosoBackend>();
        services.AddHostedService(sp => sp.GetRequiredService<ContosoBackend>());
        return services;
    }

    public static IEndpointRouteBuilder MapContosoSample(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/samples/contoso/api/{**rest}", ContosoApiForwarder.ForwardAsync).DisableAntiforgery();
        return endpoints;
    }
}

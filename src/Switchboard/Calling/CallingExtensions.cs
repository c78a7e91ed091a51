using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Calling;
using Switchboard.Calling.Calls;
using Switchboard.Calling.Forwarding;
using Switchboard.Calling.Ice;
using Switchboard.Calling.Signaling;
using Switchboard.Calling.Storage;
using Switchboard.Hosting;
using Switchboard.Storage;

namespace Microsoft.Extensions.DependencyInjection;

internal static class CallingExtensions
{
    /// <summary>The calling service: call agents over WebSocket, the call state machine, ICE servers, and the browser SDK.</summary>
    public static IServiceCollection AddCalling(this IServiceCollection services)
    {
        services.AddOptions<CallingOptions>().BindConfiguration(CallingOptions.Section);
        services.TryAddSingleton<EndpointRegistry>();
        services.TryAddSingleton<CallTargets>();
        services.TryAddSingleton<MediaTopologies>();
        services.TryAddSingleton<CallController>();
        services.TryAddSingleton<IceServerProvider>();
        services.TryAddSingleton<AgentEndpoint>();
        services.AddServiceDbContext<CallingDb>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupTask, MigrateTask<CallingDb>>());
        services.TryAddSingleton<ForwardingRules>();
        services.TryAddSingleton<IForwardingRules>(sp => sp.GetRequiredService<ForwardingRules>());
        services.TryAddSingleton<ForwardingTargets>();
        services.TryAddSingleton<ForwardingCaller>();
        return services;
    }

    public static IEndpointRouteBuilder MapCalling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/calling/agent", (HttpContext http, AgentEndpoint agent) => agent.HandleAsync(http));
        SdkFiles.Map(endpoints);
        endpoints.MapForwarding();
        return endpoints;
    }
}

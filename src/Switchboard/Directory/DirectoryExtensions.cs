using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Directory;
using Switchboard.Directory.Graph;
using Switchboard.Directory.Seed;
using Switchboard.Graph;
using Switchboard.Hosting;
using Switchboard.Storage;

namespace Microsoft.Extensions.DependencyInjection;

internal static class DirectoryExtensions
{
    /// <summary>Tenants, users, app registrations, service principals and consent, with the seed applied at start.</summary>
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddServiceDbContext<DirectoryDb>();
        services.TryAddSingleton<DirectorySnapshot>();
        services.TryAddScoped<IDirectory, DirectoryService>();
        services.TryAddScoped<SeedApplier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupTask, MigrateTask<DirectoryDb>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupTask, ApplySeedTask>());
        services.AddGraphProtocol();
        return services;
    }

    /// <summary>The directory's Graph endpoints: the user reads a chat app needs.</summary>
    public static IEndpointRouteBuilder MapDirectory(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGraphGroup();
        v1.MapGet("/me", UserEndpoints.MeAsync).Requires(UserEndpoints.ReadMe);
        v1.MapGet("/users", UserEndpoints.ListAsync).Requires(UserEndpoints.ReadUsers);
        v1.MapGet("/users/{idOrUpn}", UserEndpoints.GetAsync).Requires(UserEndpoints.ReadUsers);
        return endpoints;
    }

    private sealed class ApplySeedTask(Microsoft.Extensions.Options.IOptions<SwitchboardOptions> options) : IStartupTask
    {
        public int Order => StartupOrder.Seed;

        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
            => services.GetRequiredService<SeedApplier>().ApplyAsync(SeedApplier.Load(options.Value.Seed), cancellationToken);
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Directory;
using Switchboard.Directory.Seed;
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
        return services;
    }

    private sealed class ApplySeedTask(Microsoft.Extensions.Options.IOptions<SwitchboardOptions> options) : IStartupTask
    {
        public int Order => StartupOrder.Seed;

        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
            => services.GetRequiredService<SeedApplier>().ApplyAsync(SeedApplier.Load(options.Value.Seed), cancellationToken);
    }
}

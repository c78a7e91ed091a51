using Microsoft.EntityFrameworkCore;
using Switchboard.Hosting;

namespace Switchboard.Storage;

/// <summary>Brings one service's tables to the current schema at start.</summary>
internal sealed class MigrateTask<TContext> : IStartupTask
    where TContext : DbContext
{
    public int Order => StartupOrder.Migrate;

    public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        => services.GetRequiredService<TContext>().Database.MigrateAsync(cancellationToken);
}

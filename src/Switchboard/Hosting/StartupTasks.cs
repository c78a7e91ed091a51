namespace Switchboard.Hosting;

/// <summary>
/// Work that must finish before the server answers: schema migrations, the seed, signing keys.
/// Services register their tasks; they run in <see cref="Order"/> before Kestrel starts listening,
/// so a bad seed or configuration stops the start with its message instead of serving half a state.
/// </summary>
internal interface IStartupTask
{
    int Order { get; }

    Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}

internal static class StartupOrder
{
    public const int Migrate = 0;
    public const int Seed = 100;
    public const int Keys = 200;
}

internal sealed class StartupRunner(IEnumerable<IStartupTask> tasks, IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var task in tasks.OrderBy(t => t.Order))
        {
            await using var scope = scopes.CreateAsyncScope();
            await task.RunAsync(scope.ServiceProvider, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

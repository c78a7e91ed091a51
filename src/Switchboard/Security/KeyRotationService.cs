using Switchboard.Hosting;

namespace Switchboard.Security;

/// <summary>A key ring that can be rotated (each service registers its own).</summary>
internal interface IRotatingKeyRing
{
    Task RotateAsync(CancellationToken cancellationToken);
}

/// <summary>Rotates every service's key ring at start (before the first request) and every hour after.</summary>
internal sealed partial class KeyRotationService(IEnumerable<IRotatingKeyRing> rings, TimeProvider time, ILogger<KeyRotationService> logger) : BackgroundService, IStartupTask
{
    public int Order => StartupOrder.Keys;

    /// <summary>The rings are independent (own tables, own keys): on a first start their RSA key generation runs side by side.</summary>
    public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        => Task.WhenAll(rings.Select(ring => ring.RotateAsync(cancellationToken)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var ring in rings)
            {
                try
                {
                    await ring.RotateAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    RotationFailed(logger, e);
                }
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Signing key rotation failed; the current keys stay in use.")]
    private static partial void RotationFailed(ILogger logger, Exception exception);
}

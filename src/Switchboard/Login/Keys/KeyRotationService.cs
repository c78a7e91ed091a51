using Switchboard.Hosting;

namespace Switchboard.Login.Keys;

/// <summary>Runs key rotation at start (before the first request) and every hour after.</summary>
internal sealed partial class KeyRotationService(SigningKeyRing ring, TimeProvider time, ILogger<KeyRotationService> logger) : BackgroundService, IStartupTask
{
    public int Order => StartupOrder.Keys;

    public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) => ring.RotateAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
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

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Signing key rotation failed; the current keys stay in use.")]
    private static partial void RotationFailed(ILogger logger, Exception exception);
}

using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Switchboard.Communication.Auth;

/// <summary>
/// Per-resource, per-operation limits (fixed windows, the documented ACS defaults), built on
/// System.Threading.RateLimiting. Answers how long to wait when a request is over the limit.
/// </summary>
internal sealed class CommunicationThrottle(IOptions<CommunicationOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<(Guid Resource, string Operation)> limiter = Create(options.Value.Throttling);

    public TimeSpan? TryAcquire(Guid resource, string operation)
    {
        if (!options.Value.Throttling.Enabled)
        {
            return null;
        }

        using var lease = limiter.AttemptAcquire((resource, operation));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : options.Value.Throttling.Window;
    }

    public void Dispose() => limiter.Dispose();

    private static PartitionedRateLimiter<(Guid Resource, string Operation)> Create(ThrottleOptions limits)
    {
        return PartitionedRateLimiter.Create<(Guid Resource, string Operation), (Guid, string)>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
            {
                PermitLimit = k.Item2 switch
                {
                    Operations.CreateIdentity => limits.CreateIdentity,
                    Operations.IssueToken => limits.IssueToken,
                    Operations.ExchangeTeamsToken => limits.ExchangeTeamsToken,
                    Operations.RevokeTokens => limits.RevokeTokens,
                    Operations.DeleteIdentity => limits.DeleteIdentity,
                    _ => limits.GetIdentity,
                },
                Window = limits.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }
}

internal static class Operations
{
    public const string CreateIdentity = "createIdentity";
    public const string IssueToken = "issueToken";
    public const string ExchangeTeamsToken = "exchangeTeamsToken";
    public const string RevokeTokens = "revokeTokens";
    public const string DeleteIdentity = "deleteIdentity";
    public const string GetIdentity = "getIdentity";
    public const string RegenerateKey = "regenerateKey";
}

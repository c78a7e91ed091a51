using Microsoft.EntityFrameworkCore;
using Switchboard.Storage;

namespace Switchboard.Security;

/// <summary>How one service's signing keys rotate.</summary>
internal sealed record KeyRotationPolicy(string Purpose, TimeSpan RotationInterval, TimeSpan PublishLead, TimeSpan LongestTokenLifetime, TimeSpan ClockSkew);

/// <summary>
/// A service's published signing keys, cached in memory and reloaded from its own table every minute
/// (so every node of a cluster converges on the same ring). Rotation: a key is published
/// <see cref="KeyRotationPolicy.PublishLead"/> before it signs, signs for
/// <see cref="KeyRotationPolicy.RotationInterval"/>, and stays published until the last token it
/// signed has expired. Each service owns a ring over its own table (<typeparamref name="TContext"/>).
/// </summary>
internal abstract class KeyRing<TContext>(IServiceScopeFactory scopes, TimeProvider time) : IRotatingKeyRing, IDisposable
    where TContext : DbContext
{
    private readonly TimedSnapshot<IReadOnlyList<SigningKey>> keys = new(time, TimeSpan.FromMinutes(1), async (previous, cancellationToken) =>
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var records = await db.Set<SigningKeyRecord>().AsNoTracking().OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
        var known = previous?.ToDictionary(k => k.Kid) ?? [];
        return records.Select(r => known.TryGetValue(r.Kid, out var loaded) ? loaded : new SigningKey(r)).ToList();
    });

    protected abstract KeyRotationPolicy Policy { get; }

    public async ValueTask<SigningKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        var keys = await GetKeysAsync(cancellationToken);
        var now = time.GetUtcNow();
        return keys.LastOrDefault(k => k.ActivatesAt <= now)
            ?? throw new InvalidOperationException($"No {Policy.Purpose} signing key is active. The key rotation start-up task must run before tokens are issued.");
    }

    /// <summary>Every key a validator should accept now: the current one, the next, and those whose tokens may still be alive.</summary>
    public ValueTask<IReadOnlyList<SigningKey>> GetKeysAsync(CancellationToken cancellationToken) => keys.GetAsync(cancellationToken);

    /// <summary>Makes sure a key signs now and the next one is published; drops keys no live token needs.</summary>
    public async Task RotateAsync(CancellationToken cancellationToken)
    {
        var policy = Policy;
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var set = db.Set<SigningKeyRecord>();
        var records = await set.OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
        var validity = policy.RotationInterval * 2 + policy.LongestTokenLifetime + policy.ClockSkew;

        var active = records.LastOrDefault(k => k.ActivatesAt <= now);
        if (active is null)
        {
            active = SigningKey.Create(policy.Purpose, now, now, validity);
            set.Add(active);
            records.Add(active);
        }

        if (!records.Any(k => k.ActivatesAt > now))
        {
            var activates = active.ActivatesAt + policy.RotationInterval;
            if (activates < now + policy.PublishLead)
            {
                activates = now + policy.PublishLead;
            }

            var next = SigningKey.Create(policy.Purpose, now, activates, validity);
            set.Add(next);
            records.Add(next);
        }

        // A key retires when its successor activates; its last token expires one lifetime (plus skew) later.
        var retention = policy.LongestTokenLifetime + policy.ClockSkew;
        var ordered = records.OrderBy(k => k.ActivatesAt).ToList();
        for (var i = 0; i < ordered.Count - 1; i++)
        {
            if (ordered[i + 1].ActivatesAt <= now && ordered[i + 1].ActivatesAt + retention < now)
            {
                set.Remove(ordered[i]);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        keys.Invalidate();
    }

    public void Dispose()
    {
        keys.Dispose();
        GC.SuppressFinalize(this);
    }
}

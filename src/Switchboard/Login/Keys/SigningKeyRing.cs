using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Login.Storage;

namespace Switchboard.Login.Keys;

/// <summary>
/// The published signing keys, cached in memory and reloaded from storage every minute (so every node
/// of a cluster converges on the same ring). Rotation: a key is published <see cref="LoginOptions.KeyPublishLead"/>
/// before it signs, signs for <see cref="LoginOptions.KeyRotationInterval"/>, and stays published until the
/// last token it signed has expired.
/// </summary>
internal sealed class SigningKeyRing(IServiceScopeFactory scopes, TimeProvider time, IOptions<LoginOptions> options) : IDisposable
{
    private static readonly TimeSpan ReloadEvery = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Snapshot? snapshot;

    public async ValueTask<SigningKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        var keys = await GetKeysAsync(cancellationToken);
        var now = time.GetUtcNow();
        return keys.LastOrDefault(k => k.ActivatesAt <= now)
            ?? throw new InvalidOperationException("No signing key is active. The key rotation start-up task must run before tokens are issued.");
    }

    /// <summary>Every key a validator should accept now: the current one, the next, and those whose tokens may still be alive.</summary>
    public async ValueTask<IReadOnlyList<SigningKey>> GetKeysAsync(CancellationToken cancellationToken)
    {
        var current = snapshot;
        if (current is not null && time.GetUtcNow() - current.LoadedAt < ReloadEvery)
        {
            return current.Keys;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            current = snapshot;
            if (current is not null && time.GetUtcNow() - current.LoadedAt < ReloadEvery)
            {
                return current.Keys;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LoginDb>();
            var records = await db.SigningKeys.AsNoTracking().OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
            var known = current?.Keys.ToDictionary(k => k.Kid) ?? [];
            var keys = records.Select(r => known.TryGetValue(r.Kid, out var loaded) ? loaded : new SigningKey(r)).ToList();
            snapshot = new Snapshot(keys, time.GetUtcNow());
            return keys;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Makes sure a key signs now and the next one is published; drops keys no live token needs.</summary>
    public async Task RotateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoginDb>();
        var records = await db.SigningKeys.OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
        var validity = settings.KeyRotationInterval * 2 + settings.AccessTokenLifetimeMax + settings.ClockSkew;

        var active = records.LastOrDefault(k => k.ActivatesAt <= now);
        if (active is null)
        {
            active = SigningKey.Create(now, now, validity);
            db.SigningKeys.Add(active);
            records.Add(active);
        }

        if (!records.Any(k => k.ActivatesAt > now))
        {
            var activates = active.ActivatesAt + settings.KeyRotationInterval;
            if (activates < now + settings.KeyPublishLead)
            {
                activates = now + settings.KeyPublishLead;
            }

            var next = SigningKey.Create(now, activates, validity);
            db.SigningKeys.Add(next);
            records.Add(next);
        }

        // A key retires when its successor activates; its last token expires one lifetime (plus skew) later.
        var retention = settings.AccessTokenLifetimeMax + settings.ClockSkew;
        var ordered = records.OrderBy(k => k.ActivatesAt).ToList();
        for (var i = 0; i < ordered.Count - 1; i++)
        {
            if (ordered[i + 1].ActivatesAt + retention < now && ordered[i + 1].ActivatesAt <= now)
            {
                db.SigningKeys.Remove(ordered[i]);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        snapshot = null;
    }

    public void Dispose() => gate.Dispose();

    private sealed record Snapshot(IReadOnlyList<SigningKey> Keys, DateTimeOffset LoadedAt);
}

namespace Switchboard.Storage;

/// <summary>
/// A value loaded from storage and served from memory: reloaded when it is older than
/// <paramref name="reloadEvery"/> (so changes made by another node arrive) or after <see cref="Invalidate"/>
/// (changes made by this node arrive at once). One caller loads at a time; the others wait for it.
/// The loader receives the previous value, to reuse what did not change.
/// </summary>
internal sealed class TimedSnapshot<T>(TimeProvider time, TimeSpan reloadEvery, Func<T?, CancellationToken, Task<T>> load) : IDisposable
    where T : class
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Entry? current;

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        var entry = current;
        if (IsFresh(entry))
        {
            return entry!.Value;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            entry = current;
            if (IsFresh(entry))
            {
                return entry!.Value;
            }

            var value = await load(entry?.Value, cancellationToken);
            current = new Entry(value, time.GetUtcNow(), Stale: false);
            return value;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The next read reloads (keeping the old value for the loader to reuse).</summary>
    public void Invalidate()
    {
        var entry = current;
        if (entry is not null)
        {
            current = entry with { Stale = true };
        }
    }

    public void Dispose() => gate.Dispose();

    private bool IsFresh(Entry? entry) => entry is { Stale: false } && time.GetUtcNow() - entry.LoadedAt < reloadEvery;

    private sealed record Entry(T Value, DateTimeOffset LoadedAt, bool Stale);
}

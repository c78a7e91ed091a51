using Switchboard.Calling.Sfu;

namespace Switchboard.Tests.Calling.Sfu;

/// <summary>Reads a room's events as the call's owner would, keeping them for assertions, and forwards SFU candidates to the browsers.</summary>
internal sealed class RoomEvents
{
    private readonly List<SfuEvent> seen = [];
    private readonly Task reading;

    public RoomEvents(ISfuRoom room, Func<SfuCandidate, Task>? onCandidate = null)
    {
        reading = Task.Run(async () =>
        {
            await foreach (var e in room.Events.ReadAllAsync())
            {
                lock (seen)
                {
                    seen.Add(e);
                }

                if (e is SfuCandidate candidate && onCandidate is not null)
                {
                    await onCandidate(candidate);
                }
            }
        });
    }

    public IReadOnlyList<SfuEvent> Seen
    {
        get
        {
            lock (seen)
            {
                return [.. seen];
            }
        }
    }

    /// <summary>The first event (from the start) matching <paramref name="match"/>.</summary>
    public async Task<T> WaitAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
        where T : SfuEvent
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (Seen.OfType<T>().FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No {typeof(T).Name} matching arrived; seen: {string.Join(", ", Seen)}");
    }

    public Task Completion => reading;
}

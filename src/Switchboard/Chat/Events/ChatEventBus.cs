namespace Switchboard.Chat.Events;

/// <summary>
/// In-process fan-out of committed events to the live channel and webhooks. For a cluster the live
/// channel rides SignalR's backplane, so this bus stays per node: each node publishes what it wrote.
/// </summary>
internal sealed class ChatEventBus(IEnumerable<IChatEventSink> sinks)
{
    private readonly IChatEventSink[] sinks = sinks.ToArray();

    public void Publish(IReadOnlyList<ChatEvent> events)
    {
        foreach (var chatEvent in events)
        {
            foreach (var sink in sinks)
            {
                sink.Publish(chatEvent);
            }
        }
    }
}

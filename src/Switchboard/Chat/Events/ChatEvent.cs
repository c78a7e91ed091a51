namespace Switchboard.Chat.Events;

/// <summary>
/// Something that happened in a chat, published after it is committed. <see cref="Recipients"/> are
/// the users who may see it: the members at that moment, plus removed members for their own removal.
/// <see cref="Payload"/> is the Graph-shaped resource (message, chat or members) as members read it.
/// </summary>
internal sealed record ChatEvent(ChatEventKind Kind, string ChatId, Guid TenantId, IReadOnlyList<Guid> Recipients, string? ResourceId, object Payload, DateTimeOffset At);

internal enum ChatEventKind
{
    MessageCreated,
    MessageUpdated,
    MessageDeleted,
    ReactionChanged,
    MembersAdded,
    MembersRemoved,
    ChatCreated,
    ChatUpdated,
}

/// <summary>Receives every committed chat event, in commit order per chat. Implementations must not block.</summary>
internal interface IChatEventSink
{
    void Publish(ChatEvent chatEvent);
}

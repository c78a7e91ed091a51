namespace Switchboard.Chat;

/// <summary>
/// What the calling service may ask of chats: calls belong to chats as in Teams. A one-on-one call uses
/// the pair's one-on-one chat; a call in a thread needs both people in it; an ended call is written into
/// its chat, so the chat is the call history.
/// </summary>
internal interface IChatThreads
{
    /// <summary>The pair's one-on-one chat, created when missing. Fails when either tenant blocks external chat.</summary>
    Task<(string? ChatId, string? Error)> EnsureOneOnOneAsync(Guid caller, Guid callee, CancellationToken cancellationToken);

    Task<bool> IsMemberAsync(string chatId, Guid user, CancellationToken cancellationToken);

    /// <summary>Writes a <c>callEndedEventMessageDetail</c> system message into the chat.</summary>
    Task PostCallEndedAsync(CallSummary call, CancellationToken cancellationToken);
}

/// <summary>A finished call as its chat records it. <see cref="Duration"/> is zero for a call nobody answered.</summary>
internal sealed record CallSummary(string ChatId, string CallId, Guid Initiator, IReadOnlyList<Guid> Participants, TimeSpan Duration);

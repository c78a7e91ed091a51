using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Api;
using Switchboard.Chat.Events;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;
using Switchboard.Chat.Writing;
using Switchboard.Directory;

namespace Switchboard.Chat;

internal sealed class ChatThreads(ChatWriter writer, IServiceScopeFactory scopes) : IChatThreads
{
    public async Task<(string? ChatId, string? Error)> EnsureOneOnOneAsync(Guid caller, Guid callee, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<IDirectory>();
        var access = scope.ServiceProvider.GetRequiredService<ChatAccess>();
        var a = await directory.GetUserAsync(caller, cancellationToken);
        var b = await directory.GetUserAsync(callee, cancellationToken);
        if (a is null || b is null)
        {
            return (null, "unknown user");
        }

        if (await access.CheckExternalAsync(a.TenantId, b.TenantId, cancellationToken) is { } external)
        {
            return (null, external.Message);
        }

        var id = ChatEndpoints.OneOnOneId(a.Id, b.Id);
        await writer.WriteAsync(async (db, write, ct) =>
        {
            if (await db.Chats.FindAsync([id], ct) is not null)
            {
                return id;
            }

            var chat = new ChatThread { Id = id, Type = ChatType.OneOnOne, TenantId = a.TenantId, CreatedAt = write.Now, LastUpdatedAt = write.Now, LastActivityAt = write.Now };
            db.Chats.Add(chat);
            var members = new[] { a, b }.Select(u => MemberInput.NewMember(id, u, ["owner"], DateTimeOffset.MinValue, write.Now)).ToList();
            db.Members.AddRange(members);
            var view = ChatViewBuilder.Chat(chat, string.Empty, null) with { Members = members.Select(ChatViewBuilder.Member).ToList() };
            write.Publish(new ChatEvent(ChatEventKind.ChatCreated, id, chat.TenantId, members.Select(m => m.UserId).ToList(), id, view, write.Now));
            return id;
        }, cancellationToken);
        return (id, null);
    }

    public async Task<bool> IsMemberAsync(string chatId, Guid user, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDb>();
        return await db.Members.AnyAsync(m => m.ChatId == chatId && m.UserId == user, cancellationToken);
    }

    public Task PostCallEndedAsync(CallSummary call, CancellationToken cancellationToken)
        => writer.WriteAsync(async (db, write, ct) =>
        {
            var chat = await db.Chats.FindAsync([call.ChatId], ct);
            if (chat is null)
            {
                return false;
            }

            var members = await db.Members.AsNoTracking().Where(m => m.ChatId == call.ChatId).ToListAsync(ct);
            var byId = members.ToDictionary(m => m.UserId);
            if (!byId.TryGetValue(call.Initiator, out var initiator))
            {
                return false;
            }

            var participants = call.Participants.Where(byId.ContainsKey).Select(p => SystemEvents.Identity.Of(byId[p])).ToList();
            var message = SystemEvents.CallEnded(call.ChatId, write.NextMessageId(call.ChatId), write.Now, call.CallId, call.Duration, participants, SystemEvents.Identity.Of(initiator));
            MessageEndpoints.Append(db, chat, message);
            write.Publish(new ChatEvent(ChatEventKind.MessageCreated, call.ChatId, chat.TenantId, members.Select(m => m.UserId).ToList(), message.Id.ToString(CultureInfo.InvariantCulture), ChatViewBuilder.Message(message, unknownEnums: true), write.Now));
            return true;
        }, cancellationToken);
}

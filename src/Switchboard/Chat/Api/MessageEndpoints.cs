using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Events;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;
using Switchboard.Chat.Writing;
using Switchboard.Graph;

namespace Switchboard.Chat.Api;

/// <summary>Messages: send, edit, soft delete and undo, reactions (graph-chat.md §3.7-3.12).</summary>
internal static class MessageEndpoints
{
    public static async Task<IResult> SendAsync(HttpContext http, string chatId, ChatWriter writer, ChatAccess access)
    {
        var caller = http.GraphCaller();
        var (body, error) = await GraphBody.ReadAsync<MessageRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (input, inputError) = MessageInput.Read(body!);
        if (inputError is not null)
        {
            return inputError.ToResult();
        }

        var (subject, subjectError) = await access.SubjectAsync(http);
        if (subjectError is not null)
        {
            return subjectError.ToResult();
        }

        var unknownEnums = ChatAccess.WantsUnknownEnums(http.Request);
        var (view, writeError) = await writer.WriteAsync<(MessageView?, GraphError?)>(async (db, scope, ct) =>
        {
            var chat = await db.Chats.FindAsync([chatId], ct);
            if (chat is null)
            {
                return (null, GraphErrors.ChatNotFound(chatId));
            }

            var members = await scope.MembersAsync(db, chatId, ct);
            var me = members.FirstOrDefault(m => m.UserId == subject);
            if (me is null)
            {
                return (null, GraphErrors.NotAMember());
            }

            var id = scope.NextMessageId(chatId);
            var message = new ChatMessageRecord
            {
                ChatId = chatId,
                Id = id,
                Version = id,
                CreatedAt = scope.Now,
                LastModifiedAt = scope.Now,
                Subject = input!.Subject,
                BodyType = input.BodyType,
                Body = input.Content,
                Importance = input.Importance,
                FromUserId = me.UserId,
                FromName = me.DisplayName,
                FromTenantId = me.TenantId,
                Mentions = input.Mentions,
                Attachments = input.Attachments,
            };
            Append(db, chat, message);

            // A new message brings a hidden chat back for everyone (Graph's hideForUser note).
            foreach (var hidden in members.Where(m => m.IsHidden).ToList())
            {
                hidden.IsHidden = false;
                db.Members.Attach(hidden).Property(m => m.IsHidden).IsModified = true;
                scope.MembersChanged(chatId);
            }

            var live = ChatViewBuilder.Message(message, unknownEnums: true);
            scope.Publish(new ChatEvent(ChatEventKind.MessageCreated, chatId, chat.TenantId, members.Select(m => m.UserId).ToList(), message.Id.ToString(CultureInfo.InvariantCulture), live, scope.Now));
            return (ChatViewBuilder.Message(message, unknownEnums), null);
        }, http.RequestAborted);
        return writeError?.ToResult() ?? GraphJson.Ok(view!, StatusCodes.Status201Created);
    }

    /// <summary>Adds a message and moves the chat's last activity, which orders chat lists.</summary>
    public static void Append(ChatDb db, ChatThread chat, ChatMessageRecord message)
    {
        db.Messages.Add(message);
        chat.LastMessageId = message.Id;
        chat.LastActivityAt = message.CreatedAt;
    }

    public static async Task<IResult> GetAsync(HttpContext http, string chatId, string messageId, ChatAccess access)
    {
        var (chat, member, error) = await access.OpenWithoutOptionsAsync(http, chatId);
        if (error is not null)
        {
            return error.ToResult();
        }

        var message = long.TryParse(messageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await access.Db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.ChatId == chat!.Id && m.Id == id, http.RequestAborted)
            : null;
        if (message is null || message.CreatedAt < ChatAccess.VisibleFrom(member))
        {
            return GraphErrors.MessageNotFound(messageId).ToResult();
        }

        return GraphJson.Ok(ChatViewBuilder.Message(message, ChatAccess.WantsUnknownEnums(http.Request)));
    }

    public static async Task<IResult> UpdateAsync(HttpContext http, string chatId, string messageId, ChatWriter writer, ChatAccess access)
    {
        var (body, error) = await GraphBody.ReadAsync<MessageRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        return await ChangeOwnMessageAsync(http, chatId, messageId, writer, access, (message, now) =>
        {
            if (message.DeletedAt is not null)
            {
                return (null, GraphErrors.MessageDeleted());
            }

            var current = new MessageInput(message.BodyType, message.Body, message.Subject, message.Importance, message.Mentions, message.Attachments);
            var (input, inputError) = MessageInput.Read(body!, current);
            if (inputError is not null)
            {
                return (null, inputError);
            }

            (message.BodyType, message.Body, message.Subject, message.Importance, message.Mentions, message.Attachments) =
                (input!.BodyType, input.Content, input.Subject, input.Importance, input.Mentions, input.Attachments);
            message.LastEditedAt = now;
            return (ChatEventKind.MessageUpdated, null);
        });
    }

    public static Func<HttpContext, string, string, ChatWriter, ChatAccess, Task<IResult>> SoftDelete(bool delete) => (http, chatId, messageId, writer, access)
        => ChangeOwnMessageAsync(http, chatId, messageId, writer, access, (message, now) =>
        {
            if ((message.DeletedAt is not null) == delete)
            {
                return (null, null);
            }

            message.DeletedAt = delete ? now : null;
            return (delete ? ChatEventKind.MessageDeleted : ChatEventKind.MessageUpdated, null);
        });

    public static Func<HttpContext, string, string, ChatWriter, ChatAccess, Task<IResult>> Reaction(bool set) => async (http, chatId, messageId, writer, access) =>
    {
        var caller = http.GraphCaller();
        var (body, error) = await GraphBody.ReadAsync<ReactionRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (!ReactionNames.TryNormalize(body!.ReactionType, out var reactionType))
        {
            return GraphErrors.ReactionTypeRequired().ToResult();
        }

        return await ChangeMessageAsync(http, chatId, messageId, writer, access, senderOnly: false, (message, me, now) =>
        {
            var existing = message.Reactions.FirstOrDefault(r => r.UserId == caller.User && r.ReactionType == reactionType);
            if (set == (existing is not null))
            {
                return (null, null);
            }

            var reaction = existing ?? new ReactionRecord(reactionType, me.UserId, me.DisplayName, me.TenantId, now);
            message.Reactions = set ? [.. message.Reactions, reaction] : message.Reactions.Where(r => r != existing).ToList();
            message.History = [.. message.History, new ReactionHistoryRecord(now, set ? "reactionAdded" : "reactionRemoved", reaction)];
            return (ChatEventKind.ReactionChanged, null);
        });
    };

    private static Task<IResult> ChangeOwnMessageAsync(HttpContext http, string chatId, string messageId, ChatWriter writer, ChatAccess access, Func<ChatMessageRecord, DateTimeOffset, (ChatEventKind?, GraphError?)> change)
        => ChangeMessageAsync(http, chatId, messageId, writer, access, senderOnly: true, (message, _, now) => change(message, now));

    /// <summary>
    /// Loads the message inside the writer, checks membership, history and (for edits) the sender, applies
    /// the change, bumps the version and modification time, and publishes the event. 204 as Graph answers.
    /// </summary>
    private static async Task<IResult> ChangeMessageAsync(
        HttpContext http, string chatId, string messageId, ChatWriter writer, ChatAccess access, bool senderOnly,
        Func<ChatMessageRecord, ChatMember, DateTimeOffset, (ChatEventKind? Kind, GraphError? Error)> change)
    {
        var (subject, subjectError) = await access.SubjectAsync(http);
        if (subjectError is not null)
        {
            return subjectError.ToResult();
        }

        if (!long.TryParse(messageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return GraphErrors.MessageNotFound(messageId).ToResult();
        }

        var writeError = await writer.WriteAsync<GraphError?>(async (db, scope, ct) =>
        {
            var chat = await db.Chats.AsNoTracking().FirstOrDefaultAsync(c => c.Id == chatId, ct);
            if (chat is null)
            {
                return GraphErrors.ChatNotFound(chatId);
            }

            var members = await scope.MembersAsync(db, chatId, ct);
            var me = members.FirstOrDefault(m => m.UserId == subject);
            if (me is null)
            {
                return GraphErrors.NotAMember();
            }

            var message = await db.Messages.FindAsync([chatId, id], ct);
            if (message is null || message.CreatedAt < me.VisibleHistoryStart)
            {
                return GraphErrors.MessageNotFound(messageId);
            }

            if (message.IsSystemEvent)
            {
                return GraphErrors.SystemMessageReadOnly();
            }

            if (senderOnly && message.FromUserId != me.UserId)
            {
                return GraphErrors.OnlySender();
            }

            var (kind, error) = change(message, me, scope.Now);
            if (error is not null || kind is null)
            {
                return error;
            }

            message.LastModifiedAt = scope.Now;
            message.Version = Math.Max(message.Version + 1, scope.Now.ToUnixTimeMilliseconds());
            scope.Publish(new ChatEvent(kind.Value, chatId, chat.TenantId, members.Select(m => m.UserId).ToList(), messageId, ChatViewBuilder.Message(message, unknownEnums: true), scope.Now));
            return null;
        }, http.RequestAborted);
        return writeError?.ToResult() ?? Results.NoContent();
    }
}

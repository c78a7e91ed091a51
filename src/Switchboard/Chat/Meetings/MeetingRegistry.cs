using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Api;
using Switchboard.Chat.Events;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;
using Switchboard.Chat.Writing;
using Switchboard.Directory;

namespace Switchboard.Chat.Meetings;

/// <summary>The calling service's view of meetings: find one by its link or number, and seat a joiner in its chat.</summary>
internal sealed partial class MeetingRegistry(ChatWriter writer, IServiceScopeFactory scopes, ILogger<MeetingRegistry> logger) : IMeetings
{
    public async Task<MeetingInfo?> FindByJoinUrlAsync(string joinWebUrl, CancellationToken cancellationToken)
    {
        if (MeetingLinks.ThreadIdOf(joinWebUrl) is not { } threadId)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDb>();
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.ThreadId == threadId, cancellationToken);
        return meeting is null ? null : Info(meeting);
    }

    public async Task<MeetingInfo?> FindByMeetingIdAsync(string joinMeetingId, CancellationToken cancellationToken)
    {
        var normalized = MeetingLinks.NormalizeMeetingId(joinMeetingId);
        if (normalized.Length == 0)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDb>();
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.JoinMeetingId == normalized, cancellationToken);
        return meeting is null ? null : Info(meeting);
    }

    /// <summary>
    /// Seats the user as Teams does when someone joins a meeting: a member of the meeting chat from then on,
    /// with the whole history visible; a guest when from another tenant. A system message records the join.
    /// </summary>
    public async Task AddAttendeeAsync(string threadId, Guid user, Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var joiner = await scope.ServiceProvider.GetRequiredService<IDirectory>().GetUserAsync(user, cancellationToken);
        if (joiner is null || joiner.TenantId != tenantId)
        {
            LogUnknownJoiner(logger, user);
            return;
        }

        await writer.WriteAsync(async (db, write, ct) =>
        {
            var chat = await db.Chats.FindAsync([threadId], ct);
            if (chat is not { Type: ChatType.Meeting })
            {
                return false;
            }

            var members = await write.MembersAsync(db, threadId, ct);
            if (members.Any(m => m.UserId == user))
            {
                return false;
            }

            var member = MemberInput.NewMember(threadId, joiner, [joiner.TenantId == chat.TenantId ? "owner" : "guest"], DateTimeOffset.MinValue, write.Now);
            db.Members.Add(member);
            write.MembersChanged(threadId);
            var joined = SystemEvents.Identity.Of(member);
            var message = SystemEvents.MembersAdded(threadId, write.NextMessageId(threadId), write.Now, joined, [joined], DateTimeOffset.MinValue);
            MessageEndpoints.Append(db, chat, message);
            var recipients = members.Select(m => m.UserId).Append(user).ToList();
            write.Publish(new ChatEvent(ChatEventKind.MembersAdded, threadId, chat.TenantId, recipients, member.MembershipId, new[] { ChatViewBuilder.Member(member) }, write.Now));
            write.Publish(new ChatEvent(ChatEventKind.MessageCreated, threadId, chat.TenantId, recipients, message.Id.ToString(CultureInfo.InvariantCulture), ChatViewBuilder.Message(message, unknownEnums: true), write.Now));
            return true;
        }, cancellationToken);
    }

    private static MeetingInfo Info(OnlineMeetingRecord m)
        => new(m.Id, m.ThreadId, m.TenantId, m.OrganizerId, m.Subject, m.JoinWebUrl, m.JoinMeetingId, m.Passcode, m.StartAt, m.EndAt);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "A meeting joiner {UserId} is not a user of the directory in the given tenant; not added to the meeting chat.")]
    private static partial void LogUnknownJoiner(ILogger logger, Guid userId);
}

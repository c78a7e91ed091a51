using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Api;
using Switchboard.Chat.Events;
using Switchboard.Chat.Model;
using Switchboard.Chat.Writing;
using Switchboard.Directory.Model;
using Switchboard.Graph;

namespace Switchboard.Chat.Meetings;

/// <summary>
/// <c>/me/onlineMeetings</c>: create, get, find by join link or meeting id, reschedule, delete. A meeting
/// is a chat of type <c>meeting</c> plus this record; the chat is written in the same commit.
/// </summary>
internal static class MeetingEndpoints
{
    private const int MaxSubject = 256;
    private static readonly TimeSpan DefaultLength = TimeSpan.FromHours(1);

    public static async Task<IResult> CreateAsync(HttpContext http, ChatAccess access, ChatWriter writer, TimeProvider time)
    {
        var (body, error) = await GraphBody.ReadAsync<MeetingRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (organizer, subjectError) = await OrganizerAsync(http, access);
        if (subjectError is not null)
        {
            return subjectError.ToResult();
        }

        // Graph's defaults: a meeting that starts now and lasts an hour.
        var start = body!.StartDateTime ?? time.GetUtcNow();
        var end = body.EndDateTime ?? start + DefaultLength;
        var checkError = CheckSubject(body.Subject) ?? CheckTimes(start, end);
        if (checkError is not null)
        {
            return checkError.ToResult();
        }

        var (attendees, attendeeError) = await ReadAttendeesAsync(body.Participants, organizer!, access, http.RequestAborted);
        if (attendeeError is not null)
        {
            return attendeeError.ToResult();
        }

        var origin = ChatAccess.Origin(http.Request);
        var subject = body.Subject?.Trim() ?? string.Empty;
        var view = await writer.WriteAsync(async (db, scope, ct) =>
        {
            var threadId = MeetingLinks.NewThreadId();
            var meeting = new OnlineMeetingRecord
            {
                Id = MeetingLinks.MeetingId(organizer!.Id, threadId),
                ThreadId = threadId,
                TenantId = organizer.TenantId,
                OrganizerId = organizer.Id,
                OrganizerName = organizer.DisplayName,
                OrganizerUpn = organizer.UserPrincipalName,
                Subject = subject,
                StartAt = Milliseconds(start),
                EndAt = Milliseconds(end),
                CreatedAt = scope.Now,
                JoinWebUrl = MeetingLinks.JoinWebUrl(origin, threadId, organizer.TenantId, organizer.Id),
                JoinMeetingId = await UnusedJoinMeetingIdAsync(db, ct),
                Passcode = MeetingCodes.NewPasscode(),
                Attendees = attendees!.Select(a => new MeetingAttendee(a.Id, a.TenantId, a.DisplayName, a.UserPrincipalName)).ToList(),
            };
            var chat = new ChatThread
            {
                Id = threadId,
                Type = ChatType.Meeting,
                Topic = subject.Length == 0 ? null : subject,
                TenantId = organizer.TenantId,
                CreatedAt = scope.Now,
                LastUpdatedAt = scope.Now,
                LastActivityAt = scope.Now,
                JoinWebUrl = meeting.JoinWebUrl,
                OrganizerId = organizer.Id,
            };
            db.Chats.Add(chat);
            var members = attendees!.Prepend(organizer)
                .Select(u => MemberInput.NewMember(threadId, u, [u.TenantId == organizer.TenantId ? "owner" : "guest"], DateTimeOffset.MinValue, scope.Now))
                .ToList();
            db.Members.AddRange(members);
            db.Meetings.Add(meeting);
            var chatView = ChatViewBuilder.Chat(chat, origin, null) with { Members = members.Select(ChatViewBuilder.Member).ToList() };
            scope.Publish(new ChatEvent(ChatEventKind.ChatCreated, threadId, chat.TenantId, members.Select(m => m.UserId).ToList(), threadId, chatView, scope.Now));
            return MeetingViewBuilder.Meeting(meeting, origin);
        }, http.RequestAborted);
        return GraphJson.Ok(view, StatusCodes.Status201Created);
    }

    public static async Task<IResult> GetAsync(HttpContext http, string meetingId, ChatAccess access)
    {
        var (_, queryError) = GraphQuery.Parse(http.Request);
        if (queryError is not null)
        {
            return queryError.ToResult();
        }

        var (subject, subjectError) = await access.SubjectAsync(http);
        if (subjectError is not null)
        {
            return subjectError.ToResult();
        }

        // Only the organizer reads a meeting by id under /me, as in Graph; anyone else gets the same 404 as for a made-up id.
        var meeting = await access.Db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId && m.OrganizerId == subject, http.RequestAborted);
        return meeting is null
            ? GraphErrors.MeetingNotFound(meetingId).ToResult()
            : GraphJson.Ok(MeetingViewBuilder.Meeting(meeting, ChatAccess.Origin(http.Request)));
    }

    /// <summary>
    /// <c>$filter=JoinWebUrl eq '…'</c> or <c>joinMeetingIdSettings/joinMeetingId eq '…'</c>; the only list
    /// Graph offers. The organizer and the meeting chat's members find the meeting; others get an empty list.
    /// </summary>
    public static async Task<IResult> FindAsync(HttpContext http, ChatAccess access)
    {
        var (query, queryError) = GraphQuery.Parse(http.Request, "filter");
        if (queryError is not null)
        {
            return queryError.ToResult();
        }

        if (query!.Filter is not { } filter)
        {
            return GraphErrors.MeetingFilterRequired().ToResult();
        }

        var (node, parseError) = ODataFilter.Parse(filter);
        if (parseError is not null)
        {
            return parseError.ToResult();
        }

        if (node is not FilterComparison { Value.IsString: true } comparison || !string.Equals(comparison.Operator, "eq", StringComparison.OrdinalIgnoreCase))
        {
            return GraphErrors.MeetingFilterUnsupported("one 'eq' comparison with a quoted value is expected.").ToResult();
        }

        var (subject, subjectError) = await access.SubjectAsync(http);
        if (subjectError is not null)
        {
            return subjectError.ToResult();
        }

        var meetings = access.Db.Meetings.AsNoTracking();
        if (string.Equals(comparison.Property, "JoinWebUrl", StringComparison.OrdinalIgnoreCase))
        {
            var threadId = MeetingLinks.ThreadIdOf(comparison.Value.Text) ?? string.Empty;
            meetings = meetings.Where(m => m.ThreadId == threadId);
        }
        else if (string.Equals(comparison.Property, "joinMeetingIdSettings/joinMeetingId", StringComparison.OrdinalIgnoreCase))
        {
            var joinMeetingId = MeetingLinks.NormalizeMeetingId(comparison.Value.Text);
            meetings = meetings.Where(m => m.JoinMeetingId == joinMeetingId);
        }
        else
        {
            return GraphErrors.MeetingFilterUnsupported($"property '{comparison.Property}' cannot be filtered.").ToResult();
        }

        var db = access.Db;
        var found = await meetings
            .Where(m => m.OrganizerId == subject || db.Members.Any(x => x.ChatId == m.ThreadId && x.UserId == subject))
            .ToListAsync(http.RequestAborted);
        var origin = ChatAccess.Origin(http.Request);
        return GraphJson.Ok(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"{origin}/v1.0/$metadata#users('{subject}')/onlineMeetings",
            ["value"] = found.Select(m => MeetingViewBuilder.Meeting(m, null)).ToList(),
        });
    }

    /// <summary>Subject and times; the chat's topic follows the subject, as the meeting chat's name does in Teams.</summary>
    public static async Task<IResult> UpdateAsync(HttpContext http, string meetingId, ChatAccess access, ChatWriter writer)
    {
        var (body, error) = await GraphBody.ReadAsync<MeetingRequest>(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        var (subject, subjectError) = await access.SubjectAsync(http);
        if (subjectError is not null)
        {
            return subjectError.ToResult();
        }

        var checkError = (body!.Participants is not null ? GraphErrors.ReadOnlyProperty("participants") : null) ?? CheckSubject(body.Subject);
        if (checkError is not null)
        {
            return checkError.ToResult();
        }

        var origin = ChatAccess.Origin(http.Request);
        var (view, writeError) = await writer.WriteAsync<(MeetingView?, GraphError?)>(async (db, scope, ct) =>
        {
            var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId && m.OrganizerId == subject, ct);
            if (meeting is null)
            {
                return (null, GraphErrors.MeetingNotFound(meetingId));
            }

            var start = body.StartDateTime is { } s ? Milliseconds(s) : meeting.StartAt;
            var end = body.EndDateTime is { } e ? Milliseconds(e) : meeting.EndAt;
            if (CheckTimes(start, end) is { } timesError)
            {
                return (null, timesError);
            }

            meeting.StartAt = start;
            meeting.EndAt = end;
            if (body.Subject is not null && body.Subject.Trim() != meeting.Subject)
            {
                meeting.Subject = body.Subject.Trim();
                var chat = await db.Chats.FindAsync([meeting.ThreadId], ct);
                if (chat is not null)
                {
                    chat.Topic = meeting.Subject.Length == 0 ? null : meeting.Subject;
                    chat.LastUpdatedAt = scope.Now;
                    var members = await scope.MembersAsync(db, chat.Id, ct);
                    scope.Publish(new ChatEvent(ChatEventKind.ChatUpdated, chat.Id, chat.TenantId, members.Select(m => m.UserId).ToList(), chat.Id, ChatViewBuilder.Chat(chat, origin, null), scope.Now));
                }
            }

            return (MeetingViewBuilder.Meeting(meeting, origin), null);
        }, http.RequestAborted);
        return writeError?.ToResult() ?? GraphJson.Ok(view!);
    }

    /// <summary>The meeting goes (its link and meeting id stop resolving); its chat and messages stay, as in Teams.</summary>
    public static async Task<IResult> DeleteAsync(HttpContext http, string meetingId, ChatAccess access, ChatWriter writer)
    {
        var (subject, subjectError) = await access.SubjectAsync(http);
        if (subjectError is not null)
        {
            return subjectError.ToResult();
        }

        var writeError = await writer.WriteAsync<GraphError?>(async (db, scope, ct) =>
        {
            var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId && m.OrganizerId == subject, ct);
            if (meeting is null)
            {
                return GraphErrors.MeetingNotFound(meetingId);
            }

            db.Meetings.Remove(meeting);
            return null;
        }, http.RequestAborted);
        return writeError?.ToResult() ?? Results.NoContent();
    }

    /// <summary>The path's user must be the signed-in user (delegated only), and known to the directory.</summary>
    private static async Task<(DirectoryUser? Organizer, GraphError? Error)> OrganizerAsync(HttpContext http, ChatAccess access)
    {
        var (subject, error) = await access.SubjectAsync(http);
        if (error is not null)
        {
            return (null, error);
        }

        var user = await access.ResolveUserAsync(subject!.Value.ToString(), http.RequestAborted);
        return user is null ? (null, GraphErrors.UserNotFound(subject.Value.ToString())) : (user, null);
    }

    private static GraphError? CheckSubject(string? subject)
        => subject is { Length: > MaxSubject } ? GraphErrors.InvalidProperty("subject", $"at most {MaxSubject} characters.") : null;

    private static GraphError? CheckTimes(DateTimeOffset? start, DateTimeOffset? end)
        => start is { } s && end is { } e && e <= s ? GraphErrors.MeetingEndsBeforeStart() : null;

    /// <summary>Each attendee in order: present, an object id, a known user, enabled, reachable across tenants. Repeats and the organizer are dropped.</summary>
    private static async Task<(List<DirectoryUser>? Attendees, GraphError? Error)> ReadAttendeesAsync(MeetingParticipantsRequest? participants, DirectoryUser organizer, ChatAccess access, CancellationToken cancellationToken)
    {
        var attendees = new List<DirectoryUser>();
        var requested = participants?.Attendees ?? [];
        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i]?.Identity?.User?.Id is not { } id)
            {
                return (null, GraphErrors.InvalidAttendee(i, "identity.user.id is required."));
            }

            if (!Guid.TryParse(id, out var userId))
            {
                return (null, GraphErrors.InvalidAttendee(i, "identity.user.id must be a user's object id."));
            }

            var user = await access.ResolveUserAsync(userId.ToString(), cancellationToken);
            if (user is null)
            {
                return (null, GraphErrors.UserNotFound(id));
            }

            if (!user.AccountEnabled)
            {
                return (null, GraphErrors.UserCannotChat(user.UserPrincipalName));
            }

            if (await access.CheckExternalAsync(organizer.TenantId, user.TenantId, cancellationToken) is { } external)
            {
                return (null, external);
            }

            if (user.Id != organizer.Id && attendees.All(a => a.Id != user.Id))
            {
                attendees.Add(user);
            }
        }

        return (attendees, null);
    }

    /// <summary>Unique by the table's index as well; the single chat writer makes check-then-insert safe on one node.</summary>
    private static async Task<string> UnusedJoinMeetingIdAsync(Storage.ChatDb db, CancellationToken cancellationToken)
    {
        while (true)
        {
            var candidate = MeetingCodes.NewJoinMeetingId();
            if (!await db.Meetings.AnyAsync(m => m.JoinMeetingId == candidate, cancellationToken))
            {
                return candidate;
            }
        }
    }

    /// <summary>Graph's instants have millisecond precision; reads then equal the 201.</summary>
    private static DateTimeOffset Milliseconds(DateTimeOffset value)
        => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}

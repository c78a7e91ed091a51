using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Switchboard.Chat.Meetings;

/// <summary>
/// The identifiers of a meeting in Teams' forms: the thread id <c>19:meeting_{base64url}@thread.v2</c>,
/// Graph's meeting id, and the join link
/// <c>{origin}/l/meetup-join/{threadId, encoded}/0?context={"Tid":…,"Oid":…}, encoded</c>.
/// </summary>
internal static partial class MeetingLinks
{
    /// <summary>Teams' meeting threads carry base64 of a GUID's text; base64url keeps '/' and '+' out of paths.</summary>
    public static string NewThreadId()
        => $"19:meeting_{WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("D")))}@thread.v2";

    /// <summary>Graph's id is base64 of <c>1*{organizer}*0**{threadId}</c>; base64url here, for the same reason.</summary>
    public static string MeetingId(Guid organizer, string threadId)
        => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"1*{organizer}*0**{threadId}"));

    public static string JoinWebUrl(string origin, string threadId, Guid tenant, Guid organizer)
    {
        var context = JsonSerializer.Serialize(new Dictionary<string, string> { ["Tid"] = tenant.ToString(), ["Oid"] = organizer.ToString() });
        return $"{origin}/l/meetup-join/{Escape(threadId)}/0?context={Escape(context)}";
    }

    /// <summary>
    /// The thread id inside a join link, or null. Tolerates what links go through: an absolute or relative
    /// link, any host, the link percent-encoded once more (pasted into a query) or its thread id decoded,
    /// and upper- or lower-case escapes.
    /// </summary>
    public static string? ThreadIdOf(string joinWebUrl)
    {
        var text = joinWebUrl.Trim();
        for (var i = 0; i < 3; i++)
        {
            var match = ThreadInLink().Match(text);
            if (match.Success)
            {
                return match.Groups["thread"].Value;
            }

            var unescaped = Uri.UnescapeDataString(text);
            if (unescaped == text)
            {
                return null;
            }

            text = unescaped;
        }

        return null;
    }

    /// <summary>Digits only: Teams shows meeting ids in groups of three ("123 456 789 012").</summary>
    public static string NormalizeMeetingId(string joinMeetingId)
        => new(joinMeetingId.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>Percent-encoding with lower-case hex, as Teams writes its links.</summary>
    private static string Escape(string value)
        => Escapes().Replace(Uri.EscapeDataString(value), m => m.Value.ToLower(CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?:^|/)l/meetup-join/(?<thread>19:meeting_[A-Za-z0-9_-]+@thread\.v2)(?:/|\?|#|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ThreadInLink();

    [GeneratedRegex("%[0-9A-F]{2}", RegexOptions.CultureInvariant)]
    private static partial Regex Escapes();
}

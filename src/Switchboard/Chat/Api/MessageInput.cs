using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.Graph;

namespace Switchboard.Chat.Api;

/// <summary>A message body, importance, mentions and attachments, checked in order and normalised for storage.</summary>
internal sealed record MessageInput(string BodyType, string Content, string? Subject, string Importance, string Mentions, string Attachments)
{
    /// <summary>Teams refuses messages above about 28 KB.</summary>
    public const int MaxContentBytes = 28 * 1024;

    public static (MessageInput? Input, GraphError? Error) Read(MessageRequest request, MessageInput? current = null)
    {
        if (request.From is { ValueKind: not JsonValueKind.Null })
        {
            return (null, GraphErrors.ReadOnlyProperty("from"));
        }

        if (request.CreatedDateTime is { ValueKind: not JsonValueKind.Null })
        {
            return (null, GraphErrors.ReadOnlyProperty("createdDateTime"));
        }

        if (request.HostedContents is { ValueKind: JsonValueKind.Array } hosted && hosted.GetArrayLength() > 0)
        {
            return (null, GraphErrors.InvalidProperty("hostedContents", "inline images are not supported by this server yet; link the image or attach it by reference."));
        }

        string bodyType, content;
        if (request.Body is null)
        {
            if (current is null)
            {
                return (null, GraphErrors.MessageBodyRequired());
            }

            (bodyType, content) = (current.BodyType, current.Content);
        }
        else
        {
            bodyType = request.Body.ContentType?.Trim().ToLowerInvariant() ?? "text";
            if (bodyType is not ("text" or "html"))
            {
                return (null, GraphErrors.InvalidProperty("body.contentType", "use 'text' or 'html'."));
            }

            content = request.Body.Content ?? string.Empty;
            if (string.IsNullOrWhiteSpace(content))
            {
                return (null, GraphErrors.MessageBodyRequired());
            }
        }

        if (System.Text.Encoding.UTF8.GetByteCount(content) > MaxContentBytes)
        {
            return (null, GraphErrors.TooLarge(MaxContentBytes));
        }

        var importance = request.Importance?.Trim().ToLowerInvariant() ?? current?.Importance ?? "normal";
        if (importance is not ("normal" or "high" or "urgent"))
        {
            return (null, GraphErrors.InvalidProperty("importance", "use normal, high or urgent."));
        }

        var mentions = current?.Mentions ?? "[]";
        if (request.Mentions is { } list)
        {
            var (normalized, mentionError) = NormalizeMentions(list, bodyType, content);
            if (mentionError is not null)
            {
                return (null, mentionError);
            }

            mentions = normalized!;
        }

        var attachments = current?.Attachments ?? "[]";
        if (request.Attachments is { } raw && raw.ValueKind != JsonValueKind.Null)
        {
            if (raw.ValueKind != JsonValueKind.Array || raw.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.Object || !a.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String))
            {
                return (null, GraphErrors.InvalidProperty("attachments", "an array of attachments, each with a string 'id'."));
            }

            attachments = raw.GetRawText();
        }

        var subject = request.Subject ?? current?.Subject;
        return (new MessageInput(bodyType, content, subject, importance, mentions, attachments), null);
    }

    private static (string? Json, GraphError? Error) NormalizeMentions(List<MentionRequest> mentions, string bodyType, string content)
    {
        if (mentions.Count == 0)
        {
            return ("[]", null);
        }

        if (bodyType != "html")
        {
            return (null, GraphErrors.MentionsNeedHtml());
        }

        var stored = new List<object>();
        foreach (var mention in mentions)
        {
            if (mention?.Id is not { } id || string.IsNullOrEmpty(mention.MentionText) || mention.Mentioned is null)
            {
                return (null, GraphErrors.InvalidProperty("mentions", "each mention needs id, mentionText and mentioned."));
            }

            if (!Regex.IsMatch(content, $"<at[^>]*\\bid\\s*=\\s*[\"']?{id}[\"']?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                return (null, GraphErrors.MentionNotInBody(id));
            }

            var user = mention.Mentioned.User;
            stored.Add(new Dictionary<string, object?>
            {
                ["id"] = id,
                ["mentionText"] = mention.MentionText,
                ["mentioned"] = new Dictionary<string, object?>
                {
                    ["application"] = mention.Mentioned.Application,
                    ["device"] = null,
                    ["conversation"] = mention.Mentioned.Conversation,
                    ["tag"] = null,
                    ["user"] = user is null ? null : new Dictionary<string, object?>
                    {
                        ["@odata.type"] = "#microsoft.graph.teamworkUserIdentity",
                        ["id"] = user.Id,
                        ["displayName"] = user.DisplayName,
                        ["userIdentityType"] = user.UserIdentityType ?? "aadUser",
                    },
                },
            });
        }

        return (JsonSerializer.Serialize(stored, GraphJson.Options), null);
    }
}

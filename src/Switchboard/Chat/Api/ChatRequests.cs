using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Chat.Api;

// Request bodies as the SDKs send them. Everything is optional here: the checks in the endpoints
// turn absent or wrong values into Graph's 400s, and unknown properties are ignored.

internal sealed class CreateChatRequest
{
    public string? ChatType { get; set; }

    public string? Topic { get; set; }

    public List<MemberRequest>? Members { get; set; }
}

internal sealed class MemberRequest
{
    [JsonPropertyName("@odata.type")]
    public string? ODataType { get; set; }

    public List<string>? Roles { get; set; }

    [JsonPropertyName("user@odata.bind")]
    public string? UserBind { get; set; }

    public DateTimeOffset? VisibleHistoryStartDateTime { get; set; }

    public string? TenantId { get; set; }
}

internal sealed class MembersActionRequest
{
    public List<MemberRequest>? Values { get; set; }
}

internal sealed class PatchChatRequest
{
    public string? Topic { get; set; }
}

internal sealed class UserActionRequest
{
    public TeamworkUserRequest? User { get; set; }

    public DateTimeOffset? LastMessageReadDateTime { get; set; }
}

internal sealed class TeamworkUserRequest
{
    public string? Id { get; set; }

    public string? TenantId { get; set; }
}

internal sealed class MessageRequest
{
    public ItemBodyRequest? Body { get; set; }

    public string? Subject { get; set; }

    public string? Importance { get; set; }

    public List<MentionRequest>? Mentions { get; set; }

    public JsonElement? Attachments { get; set; }

    public JsonElement? HostedContents { get; set; }

    public JsonElement? From { get; set; }

    public JsonElement? CreatedDateTime { get; set; }
}

internal sealed class ItemBodyRequest
{
    public string? ContentType { get; set; }

    public string? Content { get; set; }
}

internal sealed class MentionRequest
{
    public int? Id { get; set; }

    public string? MentionText { get; set; }

    public MentionedRequest? Mentioned { get; set; }
}

internal sealed class MentionedRequest
{
    public MentionedUserRequest? User { get; set; }

    public JsonElement? Application { get; set; }

    public JsonElement? Conversation { get; set; }
}

internal sealed class MentionedUserRequest
{
    public string? Id { get; set; }

    public string? DisplayName { get; set; }

    public string? UserIdentityType { get; set; }
}

internal sealed class ReactionRequest
{
    public string? ReactionType { get; set; }
}

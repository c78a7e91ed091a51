using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Switchboard.Bench;

/// <summary>A chat bench user: seed index, directory id and a Graph access token from the password grant.</summary>
internal sealed record ChatUser(int Index, string UserId, string Token);

/// <summary>
/// The Graph requests of the chat benchmark. Like the token workers, every answer is checked (status,
/// and the message id in the body), so an error path can never pass for throughput.
/// </summary>
internal static class ChatRequests
{
    /// <summary>A message body of about the size of a short chat line (~100 characters).</summary>
    public static string Content(string tag) => $"bench {tag}: the quick brown fox jumps over the lazy dog and back over the lazy dog again";

    /// <summary>Password grant with the chat app for <c>https://graph.microsoft.com/.default</c> (one PBKDF2 hash on the server; not measured).</summary>
    public static async Task<ChatUser> SignInAsync(HttpClient client, int user)
    {
        var body = TokenRequests.Encode(
            ("grant_type", "password"),
            ("client_id", ChatBenchSeed.AppId),
            ("username", ChatBenchSeed.UserName(user)),
            ("password", ChatBenchSeed.Password(user)),
            ("scope", ChatBenchSeed.Scope));
        var (fields, error) = await TokenRequests.SendAsync(client, TokenRequests.OrganizationsToken, body, "access_token");
        if (fields is null)
        {
            throw new InvalidOperationException($"Could not sign in {ChatBenchSeed.UserName(user)}: {error}");
        }

        return new ChatUser(user, ChatBenchSeed.UserId(user), fields["access_token"]);
    }

    /// <summary><c>POST /v1.0/chats</c>: a group chat of <paramref name="members"/> (the creator among them), every member an owner; returns its id.</summary>
    public static async Task<string> CreateGroupChatAsync(HttpClient client, ChatUser creator, IReadOnlyList<ChatUser> members, string topic)
    {
        var body = new Dictionary<string, object>
        {
            ["chatType"] = "group",
            ["topic"] = topic,
            ["members"] = members.Select(m => new Dictionary<string, object>
            {
                ["@odata.type"] = "#microsoft.graph.aadUserConversationMember",
                ["roles"] = new[] { "owner" },
                ["user@odata.bind"] = $"https://graph.microsoft.com/v1.0/users('{m.UserId}')",
            }).ToList(),
        };
        using var request = Json(HttpMethod.Post, "v1.0/chats", creator.Token, JsonSerializer.SerializeToUtf8Bytes(body));
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var id = response.StatusCode == HttpStatusCode.Created ? TopLevelString(bytes, "id") : null;
        return id ?? throw new InvalidOperationException($"Could not create chat '{topic}': HTTP {(int)response.StatusCode}: {Truncate(bytes)}");
    }

    /// <summary>The request of <c>POST /v1.0/chats/{chatId}/messages</c> with a plain-text body.</summary>
    public static HttpRequestMessage Message(string chatId, string token, string content)
        => Json(HttpMethod.Post, $"v1.0/chats/{Uri.EscapeDataString(chatId)}/messages", token, JsonSerializer.SerializeToUtf8Bytes(new { body = new { content } }));

    /// <summary>Sends a message; the id of the 201's chatMessage (epoch milliseconds), or what went wrong.</summary>
    public static async Task<(long Id, string? Error)> SendMessageAsync(HttpClient client, string chatId, string token, string content)
    {
        using var request = Message(chatId, token, content);
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return ReadCreated(response.StatusCode, bytes);
    }

    /// <summary>A 201 whose body has a numeric <c>id</c>: the id; anything else: the error.</summary>
    public static (long Id, string? Error) ReadCreated(HttpStatusCode status, byte[] body)
    {
        if (status != HttpStatusCode.Created)
        {
            return (0, $"HTTP {(int)status}: {Truncate(body)}");
        }

        var id = TopLevelString(body, "id");
        return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? (value, null)
            : (0, $"201 without a numeric id: {Truncate(body)}");
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string token, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>A string property of the top-level JSON object, without building a document.</summary>
    public static string? TopLevelString(ReadOnlySpan<byte> json, string name)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    var match = reader.ValueTextEquals(name);
                    reader.Read();
                    if (match && reader.TokenType == JsonTokenType.String)
                    {
                        return reader.GetString();
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // not JSON: reported by the caller as a missing id
        }

        return null;
    }

    private static string Truncate(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 300 ? text : text[..300] + "…";
    }
}

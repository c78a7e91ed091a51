using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Chat.ChatTestKit;

namespace Switchboard.Tests.Chat;

/// <summary>Bad input of any kind gets Graph's 4xx error shape, never a 500, and changes nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class BadInputTests(SharedServer shared) : IAsyncLifetime
{
    private SwitchboardServer Server => shared.Server;
    private string token = "";
    private string chatId = "";
    private string messageId = "";

    public async Task InitializeAsync()
    {
        token = await GraphClients.TokenAsync(Server, ChatUser.Isaiah.Upn, ChatUser.Isaiah.Password);
        var graph = GraphClients.Create(Server, token);
        chatId = (await CreateGroupAsync(graph, "Bad input", ChatUser.Isaiah, ChatUser.Miriam))!.Id!;
        messageId = (await SendAsync(graph, chatId, "original"))!.Id!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string?, int, string> Cases => new()
    {
        // method, path, body, status, a phrase of the message
        { "POST", "chats", "{not json", 400, "malformed JSON" },
        { "POST", "chats", "", 400, "body is empty" },
        { "POST", "chats", "[1,2]", 400, "malformed JSON" },
        { "POST", "chats", "{\"chatType\":5}", 400, "malformed JSON" },
        { "POST", "chats", "{\"chatType\":\"channel\",\"members\":[]}", 400, "chatType 'channel'" },
        { "POST", "chats", "{\"chatType\":\"group\"}", 400, "'members' is required" },
        { "POST", "chats", "{\"chatType\":\"group\",\"members\":[null]}", 400, "roles" },
        { "POST", "chats", "{\"chatType\":\"group\",\"members\":[{\"roles\":\"owner\"}]}", 400, "malformed JSON" },
        { "POST", "chats", "{\"chatType\":\"group\",\"members\":[{\"user@odata.bind\":\"users('isaiah@fabrikam.test')\"}]}", 400, "roles" },
        { "POST", "chats", "{\"chatType\":\"group\",\"members\":[{\"roles\":[\"member\"],\"user@odata.bind\":\"users('isaiah@fabrikam.test')\"}]}", 400, "The passed-in role 'member' is not supported." },
        { "POST", "chats", "{\"chatType\":\"group\",\"members\":[{\"@odata.type\":\"#microsoft.graph.conversationMember\",\"roles\":[\"owner\"],\"user@odata.bind\":\"users('isaiah@fabrikam.test')\"}]}", 400, "for 'odata.type' is not valid" },
        { "POST", "chats", "{\"chatType\":\"group\",\"members\":[{\"roles\":[\"owner\"],\"user@odata.bind\":\"groups('x')\"}]}", 400, "must end in users(" },
        { "POST", "chats", "{\"chatType\":\"group\",\"members\":[{\"roles\":[\"owner\"],\"user@odata.bind\":\"users('nobody@fabrikam.test')\"}]}", 404, "does not exist" },
        { "POST", "chats", "{\"chatType\":\"oneOnOne\",\"topic\":\"x\",\"members\":[{\"roles\":[\"owner\"],\"user@odata.bind\":\"users('isaiah@fabrikam.test')\"},{\"roles\":[\"owner\"],\"user@odata.bind\":\"users('miriam@fabrikam.test')\"}]}", 400, "only on group chats" },
        { "POST", "chats", "{\"chatType\":\"group\",\"members\":[{\"roles\":[\"owner\"],\"user@odata.bind\":\"users('miriam@fabrikam.test')\"},{\"roles\":[\"owner\"],\"user@odata.bind\":\"users('lee@fabrikam.test')\"}]}", 400, "must include the signed-in user" },
        { "POST", "chats/{c}/messages", "{}", 400, "needs a body" },
        { "POST", "chats/{c}/messages", "{\"body\":{\"content\":\"   \"}}", 400, "needs a body" },
        { "POST", "chats/{c}/messages", "{\"body\":{\"contentType\":\"xml\",\"content\":\"x\"}}", 400, "body.contentType" },
        { "POST", "chats/{c}/messages", "{\"body\":{\"content\":\"x\"},\"importance\":\"critical\"}", 400, "importance" },
        { "POST", "chats/{c}/messages", "{\"body\":{\"content\":\"hi\"},\"mentions\":[{\"id\":0,\"mentionText\":\"M\",\"mentioned\":{\"user\":{\"id\":\"x\"}}}]}", 400, "html body" },
        { "POST", "chats/{c}/messages", "{\"body\":{\"contentType\":\"html\",\"content\":\"hi\"},\"mentions\":[{\"id\":0,\"mentionText\":\"M\",\"mentioned\":{\"user\":{\"id\":\"x\"}}}]}", 400, "<at id=\"0\">" },
        { "POST", "chats/{c}/messages", "{\"body\":{\"content\":\"x\"},\"attachments\":\"file\"}", 400, "attachments" },
        { "POST", "chats/{c}/messages", "{\"body\":{\"content\":\"x\"},\"createdDateTime\":\"2020-01-01T00:00:00Z\"}", 400, "read-only" },
        { "POST", "chats/{c}/messages", "{\"body\":{\"content\":\"LONG\"}}", 413, "too large" },
        { "PATCH", "chats/{c}/messages/{m}", "{\"body\":{\"contentType\":\"pdf\",\"content\":\"x\"}}", 400, "body.contentType" },
        { "POST", "chats/{c}/messages/{m}/setReaction", "{}", 400, "reactionType" },
        { "POST", "chats/{c}/messages/{m}/setReaction", "{\"reactionType\":\"not an emoji\"}", 400, "reactionType" },
        { "POST", "chats/{c}/messages/abc/softDelete", null, 404, "was not found" },
        { "POST", "chats/{c}/markChatUnreadForUser", "{\"user\":{\"id\":\"22222222-0000-4000-8000-000000000033\"},\"lastMessageReadDateTime\":\"yesterday\"}", 400, "malformed JSON" },
        { "POST", "chats/{c}/hideForUser", "{}", 400, "'user' is required" },
        { "PATCH", "chats/{c}", "{\"topic\":\"\"}", 400, "topic" },
        { "GET", "chats/{c}/messages?$top=abc", null, 400, "$top" },
        { "GET", "chats/{c}/messages?$top=0", null, 400, "$top" },
        { "GET", "me/chats?$top=51", null, 400, "The limit of '50' for Top query has been exceeded" },
        { "GET", "chats/{c}/messages?$filter=createdDateTime lt", null, 400, "Invalid $filter" },
        { "GET", "chats/{c}/messages?$filter=subject eq 'x'", null, 400, "not allowed in $filter" },
        { "GET", "chats/{c}/messages?$filter=lastModifiedDateTime gt 'soon'", null, 400, "date and time" },
        { "GET", "chats/{c}/messages?$orderby=createdDateTime asc", null, 400, "$orderby" },
        { "GET", "chats/{c}/messages?$skiptoken=forged", null, 400, "$skiptoken" },
        { "GET", "chats/{c}/messages?$expand=replies", null, 400, "Query option 'Expand' is not allowed" },
        { "GET", "chats/{c}/messages?$foo=1", null, 400, "Query option '$foo'" },
        { "GET", "me/chats?$expand=installedApps", null, 400, "$expand 'installedApps'" },
        { "GET", "me/chats?$filter=chatType eq 'room'", null, 400, "Unknown chatType" },
        { "GET", "me/chats?$filter=members/any(o: o/roles eq 'owner')", null, 400, "members/any supports" },
        { "GET", "me/chats?$orderby=topic", null, 400, "$orderby" },
        { "GET", "users?$filter=jobTitle eq 'x'", null, 400, "The entity property 'jobTitle'" },
        { "GET", "users?$filter=endswith(mail,'x')", null, 400, "Users can be filtered" },
        { "GET", "chats/{c}/installedApps", null, 400, "Resource not found for the segment" },
        { "POST", "me/chats", "{}", 405, "Method not allowed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_in_graphs_shape(string method, string path, string? body, int status, string phrase)
    {
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), "v1.0/" + path.Replace("{c}", Uri.EscapeDataString(chatId)).Replace("{m}", messageId));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace("LONG", new string('x', 30 * 1024)), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Contains(phrase, error.GetProperty("message").GetString());
        Assert.True(error.GetProperty("innerError").TryGetProperty("request-id", out _));

        // Nothing changed: the chat still has its one message, unedited.
        var graph = GraphClients.Create(Server, token);
        var messages = await graph.Chats[chatId].Messages.GetAsync();
        var only = Assert.Single(messages!.Value!);
        Assert.Equal(("original", null), (only.Body!.Content, only.DeletedDateTime));
    }
}

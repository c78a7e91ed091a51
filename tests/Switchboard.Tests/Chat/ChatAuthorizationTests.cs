using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Chat.ChatTestKit;

namespace Switchboard.Tests.Chat;

/// <summary>
/// Who may do what: non-members, other tenants, missing scopes, expired tokens and personal accounts
/// are refused with Graph's status and error shape, and the refusal carries nothing of the chat.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ChatAuthorizationTests(SharedServer shared) : IAsyncLifetime
{
    private const string Secret = "the quarterly numbers are in";
    private SwitchboardServer Server => shared.Server;
    private string chatId = "";
    private string messageId = "";
    private readonly Dictionary<string, string> tokens = [];

    public async Task InitializeAsync()
    {
        var grady = await GraphClients.SignInAsync(Server, ChatUser.Grady.Upn, ChatUser.Grady.Password);
        var chat = await CreateGroupAsync(grady, "Private " + Guid.NewGuid().ToString("N")[..6], ChatUser.Grady, ChatUser.Henrietta);
        chatId = chat!.Id!;
        messageId = (await SendAsync(grady, chatId, Secret))!.Id!;

        tokens["member"] = await GraphClients.TokenAsync(Server, ChatUser.Henrietta.Upn, ChatUser.Henrietta.Password);
        tokens["non-member"] = await GraphClients.TokenAsync(Server, ChatUser.Miriam.Upn, ChatUser.Miriam.Password);
        tokens["other tenant"] = await GraphClients.TokenAsync(Server, ChatUser.Carlos.Upn, ChatUser.Carlos.Password);
        tokens["no chat scope"] = await GraphClients.TokenAsync(Server, ChatUser.Limited.Upn, ChatUser.Limited.Password, TestDirectory.FabrikamInternal, "fabrikam.test");
        tokens["expired"] = await TokenMint.ShiftAsync(Server, tokens["member"], TimeSpan.FromHours(-2));
        tokens["personal account"] = await TokenMint.UserTokenAsync(Server, "pat@outlook.test", TestDirectory.ContosoEveryone, "https://graph.microsoft.com", ["User.Read", "Chat.ReadWrite"]);
        tokens["ACS audience"] = await TokenMint.UserTokenAsync(Server, ChatUser.Henrietta.Upn, TestDirectory.ContosoCalls, TestDirectory.AcsAudience, ["Teams.ManageCalls", "Teams.ManageChats"]);
        tokens["garbage"] = "not-a-token";
        tokens["none"] = "";
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string, HttpStatusCode, string> Matrix => new()
    {
        // caller, method, path ({c} chat, {m} message), status, Graph code
        { "member", "GET", "chats/{c}", HttpStatusCode.OK, "" },
        { "member", "GET", "chats/{c}/messages/{m}", HttpStatusCode.OK, "" },
        { "non-member", "GET", "chats/{c}", HttpStatusCode.Forbidden, "Forbidden" },
        { "non-member", "GET", "chats/{c}/messages", HttpStatusCode.Forbidden, "Forbidden" },
        { "non-member", "GET", "chats/{c}/messages/{m}", HttpStatusCode.Forbidden, "Forbidden" },
        { "non-member", "GET", "chats/{c}/members", HttpStatusCode.Forbidden, "Forbidden" },
        { "non-member", "POST", "chats/{c}/messages", HttpStatusCode.Forbidden, "Forbidden" },
        { "non-member", "PATCH", "chats/{c}", HttpStatusCode.Forbidden, "Forbidden" },
        { "non-member", "POST", "chats/{c}/messages/{m}/setReaction", HttpStatusCode.Forbidden, "Forbidden" },
        { "other tenant", "GET", "chats/{c}/messages", HttpStatusCode.Forbidden, "Forbidden" },
        { "other tenant", "GET", "users/22222222-0000-4000-8000-000000000036/chats", HttpStatusCode.Forbidden, "Forbidden" },
        { "no chat scope", "GET", "chats/{c}/messages", HttpStatusCode.Forbidden, "Forbidden" },
        { "no chat scope", "GET", "me/chats", HttpStatusCode.Forbidden, "Forbidden" },
        { "no chat scope", "POST", "chats", HttpStatusCode.Forbidden, "Forbidden" },
        { "no chat scope", "GET", "me", HttpStatusCode.OK, "" },
        { "expired", "GET", "chats/{c}/messages", HttpStatusCode.Unauthorized, "InvalidAuthenticationToken" },
        { "personal account", "GET", "me/chats", HttpStatusCode.Forbidden, "Forbidden" },
        { "ACS audience", "GET", "chats/{c}/messages", HttpStatusCode.Unauthorized, "InvalidAuthenticationToken" },
        { "garbage", "GET", "chats/{c}/messages", HttpStatusCode.Unauthorized, "InvalidAuthenticationToken" },
        { "none", "GET", "chats/{c}/messages", HttpStatusCode.Unauthorized, "InvalidAuthenticationToken" },
        { "member", "GET", "chats/19:unknown@thread.v2", HttpStatusCode.NotFound, "NotFound" },
        { "member", "GET", "chats/{c}/messages/1", HttpStatusCode.NotFound, "NotFound" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_caller_gets_graphs_status_and_nothing_of_the_chat(string caller, string method, string path, HttpStatusCode status, string code)
    {
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), "v1.0/" + path.Replace("{c}", Uri.EscapeDataString(chatId)).Replace("{m}", messageId));
        if (tokens[caller].Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[caller]);
        }

        request.Headers.Add("client-request-id", "11112222-3333-4444-5555-666677778888");
        if (method is "POST" or "PATCH")
        {
            request.Content = JsonContent.Create(new { body = new { content = "intruder" }, topic = "renamed", reactionType = "👍", chatType = "oneOnOne" });
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.NotEmpty(response.Headers.GetValues("request-id"));
        if (status == HttpStatusCode.OK)
        {
            return;
        }

        Assert.DoesNotContain(Secret, body);
        Assert.DoesNotContain("Private ", body);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.MediaType);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("11112222-3333-4444-5555-666677778888", error.GetProperty("innerError").GetProperty("client-request-id").GetString());
        Assert.Equal(response.Headers.GetValues("request-id").Single(), error.GetProperty("innerError").GetProperty("request-id").GetString());
    }

    [Fact]
    public async Task Missing_scope_names_what_the_api_requires_and_what_the_token_has()
    {
        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["no chat scope"]);
        var body = JsonDocument.Parse(await http.GetStringAsyncAllowingErrors("v1.0/me/chats")).RootElement;
        var message = body.GetProperty("error").GetProperty("message").GetString();
        Assert.StartsWith("Missing scope permissions on the request. API requires one of 'Chat.ReadBasic, Chat.Read, Chat.ReadWrite'. Scopes on the request 'User.Read", message);
        Assert.DoesNotContain("Chat.", message!["Missing scope permissions on the request. API requires one of 'Chat.ReadBasic, Chat.Read, Chat.ReadWrite'.".Length..]);
    }

    [Fact]
    public async Task Empty_token_is_graphs_access_token_is_empty()
    {
        using var http = Server.CreateClient();
        var body = JsonDocument.Parse(await http.GetStringAsyncAllowingErrors("v1.0/me/chats")).RootElement;
        Assert.Equal("Access token is empty.", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Nothing_in_the_chat_list_of_a_non_member()
    {
        var miriam = GraphClients.Create(Server, tokens["non-member"]);
        var chats = await miriam.Me.Chats.GetAsync(r => r.QueryParameters.Top = 50);
        Assert.DoesNotContain(chats!.Value!, c => c.Id == chatId);
        var all = await miriam.Me.Chats.GetAllMessages.GetAsGetAllMessagesGetResponseAsync();
        Assert.DoesNotContain(all!.Value!, m => m.Body!.Content == Secret);
    }
}

internal static class HttpClientErrorExtensions
{
    public static async Task<string> GetStringAsyncAllowingErrors(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Chat;

/// <summary>A message answered 201 is on disk: it survives the server process being killed with SIGKILL.</summary>
public sealed class ChatDurabilityTests
{
    [Fact]
    public async Task Messages_answered_201_survive_SIGKILL()
    {
        var data = SwitchboardServer.NewDataDirectory();
        string chatId;
        var acknowledged = new List<string>();
        await using (var first = await ServerProcess.StartAsync(data))
        {
            using var http = first.CreateClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, ChatUser.Lee));
            using var created = await http.PostAsJsonAsync("v1.0/chats", new Dictionary<string, object>
            {
                ["chatType"] = "group",
                ["topic"] = "Durable",
                ["members"] = new[] { ChatUser.Lee, ChatUser.Lynne }.Select(u => new Dictionary<string, object>
                {
                    ["@odata.type"] = "#microsoft.graph.aadUserConversationMember",
                    ["roles"] = new[] { "owner" },
                    ["user@odata.bind"] = u.Bind,
                }).ToArray(),
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            chatId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

            // Concurrent sends share group commits; each 201 must still mean "on disk".
            var sends = Enumerable.Range(0, 40).Select(async i =>
            {
                using var response = await http.PostAsJsonAsync($"v1.0/chats/{Uri.EscapeDataString(chatId)}/messages", new { body = new { content = $"durable {i}" } });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            });
            acknowledged.AddRange(await Task.WhenAll(sends));
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(data);
        using var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client, ChatUser.Lynne));
        var stored = new List<string>();
        string? next = $"v1.0/chats/{Uri.EscapeDataString(chatId)}/messages?$top=50";
        while (next is not null)
        {
            var page = JsonDocument.Parse(await client.GetStringAsync(next)).RootElement;
            stored.AddRange(page.GetProperty("value").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            next = page.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }

        Assert.Equal(acknowledged.Order(), stored.Order());
    }

    private static async Task<string> TokenAsync(HttpClient http, ChatUser user)
    {
        var reply = await OAuthClient.PasswordAsync(http, user.Upn, user.Password, GraphClients.GraphScope, client: GraphClients.ContosoChat);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.ToString());
        return reply["access_token"]!;
    }
}

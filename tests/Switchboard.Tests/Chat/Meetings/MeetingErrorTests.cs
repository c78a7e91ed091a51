using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Chat.Meetings.MeetingTestKit;

namespace Switchboard.Tests.Chat.Meetings;

/// <summary>Bad meeting requests, missing scopes and other people's meetings get Graph's 4xx shape and change nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class MeetingErrorTests(SharedServer shared) : IAsyncLifetime
{
    private const string Unknown = "22222222-0000-4000-8000-0000000009ff";
    private SwitchboardServer Server => shared.Server;
    private string token = "";
    private OnlineMeeting meeting = null!;

    public async Task InitializeAsync()
    {
        token = await GraphClients.TokenAsync(Server, ChatUser.Grady.Upn, ChatUser.Grady.Password);
        meeting = (await CreateAsync(GraphClients.Create(Server, token), "Untouched", Tomorrow(9), Tomorrow(10), ChatUser.Henrietta))!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string?, int, string> Cases => new()
    {
        // method, path ({m} is the meeting's id), body, status, a phrase of the message
        { "POST", "me/onlineMeetings", "", 400, "body is empty" },
        { "POST", "me/onlineMeetings", "{not json", 400, "malformed JSON" },
        { "POST", "me/onlineMeetings", "{\"startDateTime\":\"tomorrow\"}", 400, "malformed JSON" },
        { "POST", "me/onlineMeetings", "{\"subject\":42}", 400, "malformed JSON" },
        { "POST", "me/onlineMeetings", "{\"subject\":\"LONG\"}", 400, "'subject'" },
        { "POST", "me/onlineMeetings", "{\"startDateTime\":\"2030-01-01T10:00:00Z\",\"endDateTime\":\"2030-01-01T09:00:00Z\"}", 400, "later than 'startDateTime'" },
        { "POST", "me/onlineMeetings", "{\"startDateTime\":\"2030-01-01T10:00:00Z\",\"endDateTime\":\"2030-01-01T10:00:00Z\"}", 400, "later than 'startDateTime'" },
        { "POST", "me/onlineMeetings", "{\"participants\":{\"attendees\":[{}]}}", 400, "attendees[0]: identity.user.id is required" },
        { "POST", "me/onlineMeetings", "{\"participants\":{\"attendees\":[null]}}", 400, "attendees[0]: identity.user.id is required" },
        { "POST", "me/onlineMeetings", "{\"participants\":{\"attendees\":[{\"identity\":{\"user\":{\"id\":\"henrietta\"}}}]}}", 400, "object id" },
        { "POST", "me/onlineMeetings", "{\"participants\":{\"attendees\":[{\"identity\":{\"user\":{\"id\":\"" + Unknown + "\"}}}]}}", 404, "does not exist" },
        { "POST", "me/onlineMeetings", "{\"participants\":{\"attendees\":[{\"identity\":{\"user\":{\"id\":\"88888888-0000-4000-8000-000000000001\"}}}]}}", 403, "outside the organization is turned off" },
        { "POST", "me/onlineMeetings", "{\"participants\":{\"attendees\":[{\"identity\":{\"user\":{\"id\":\"22222222-0000-4000-8000-000000000008\"}}}]}}", 403, "disabled" },
        { "POST", "users/" + "22222222-0000-4000-8000-000000000037" + "/onlineMeetings", "{}", 403, "can act only for itself" },
        { "GET", "me/onlineMeetings", null, 400, "Filter expression expected" },
        { "GET", "me/onlineMeetings?$filter=subject eq 'x'", null, 400, "property 'subject' cannot be filtered" },
        { "GET", "me/onlineMeetings?$filter=JoinWebUrl ne 'x'", null, 400, "one 'eq' comparison" },
        { "GET", "me/onlineMeetings?$filter=JoinWebUrl eq", null, 400, "Invalid $filter" },
        { "GET", "me/onlineMeetings?$top=5&$filter=JoinWebUrl eq 'x'", null, 400, "Query option 'Top' is not allowed" },
        { "GET", "me/onlineMeetings/MSpub3RoZXJl", null, 404, "was not found" },
        { "GET", "me/onlineMeetings/{m}?$expand=attendanceReports", null, 400, "Query option 'Expand' is not allowed" },
        { "PATCH", "me/onlineMeetings/{m}", "{\"participants\":{\"attendees\":[]}}", 400, "'participants' is read-only" },
        { "PATCH", "me/onlineMeetings/{m}", "{\"endDateTime\":\"2000-01-01T00:00:00Z\"}", 400, "later than 'startDateTime'" },
        { "PATCH", "me/onlineMeetings/{m}", "not json", 400, "malformed JSON" },
        { "PATCH", "me/onlineMeetings/MSpub3RoZXJl", "{\"subject\":\"x\"}", 404, "was not found" },
        { "DELETE", "me/onlineMeetings/MSpub3RoZXJl", null, 404, "was not found" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_meeting_request_is_refused_in_graphs_shape_and_changes_nothing(string method, string path, string? body, int status, string phrase)
    {
        var (code, error) = await SendAsync(token, method, path.Replace("{m}", meeting.Id, StringComparison.Ordinal), body?.Replace("LONG", new string('x', 300), StringComparison.Ordinal));

        Assert.True(status == code, $"{code}: {error}");
        Assert.Contains(phrase, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(error.GetProperty("innerError").TryGetProperty("request-id", out _));
        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task A_token_without_online_meeting_scopes_gets_403_naming_the_scopes_graph_requires()
    {
        var chatOnly = await TokenMint.UserTokenAsync(Server, ChatUser.Grady.Upn, GraphClients.ContosoChat, "https://graph.microsoft.com", ["Chat.ReadWrite"]);

        var (createStatus, createError) = await SendAsync(chatOnly, "POST", "me/onlineMeetings", "{\"subject\":\"x\"}");
        var (readStatus, readError) = await SendAsync(chatOnly, "GET", $"me/onlineMeetings/{meeting.Id}", null);

        Assert.Equal((403, "Forbidden"), (createStatus, createError.GetProperty("code").GetString()));
        Assert.StartsWith("Missing scope permissions on the request. API requires one of 'OnlineMeetings.ReadWrite'. Scopes on the request 'Chat.ReadWrite'", createError.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(403, readStatus);
        Assert.StartsWith("Missing scope permissions on the request. API requires one of 'OnlineMeetings.Read, OnlineMeetings.ReadWrite'.", readError.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task OnlineMeetings_Read_reads_but_cannot_create_change_or_delete()
    {
        var readOnly = GraphClients.Create(Server, await TokenMint.UserTokenAsync(Server, ChatUser.Grady.Upn, GraphClients.ContosoChat, "https://graph.microsoft.com", ["OnlineMeetings.Read"]));

        Assert.Equal("Untouched", (await readOnly.Me.OnlineMeetings[meeting.Id].GetAsync())!.Subject);
        var create = await Assert.ThrowsAsync<ODataError>(() => readOnly.Me.OnlineMeetings.PostAsync(new OnlineMeeting { Subject = "x" }));
        var patch = await Assert.ThrowsAsync<ODataError>(() => readOnly.Me.OnlineMeetings[meeting.Id].PatchAsync(new OnlineMeeting { Subject = "x" }));
        var delete = await Assert.ThrowsAsync<ODataError>(() => readOnly.Me.OnlineMeetings[meeting.Id].DeleteAsync());
        Assert.All(new[] { create, patch, delete }, e => Assert.Equal((403, "Forbidden"), (e.ResponseStatusCode, e.Error!.Code)));
        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task Another_users_meeting_is_not_found_by_id_even_for_its_attendee()
    {
        var henrietta = GraphClients.Create(Server, await GraphClients.TokenAsync(Server, ChatUser.Henrietta.Upn, ChatUser.Henrietta.Password));

        var get = await Assert.ThrowsAsync<ODataError>(() => henrietta.Me.OnlineMeetings[meeting.Id].GetAsync());
        var patch = await Assert.ThrowsAsync<ODataError>(() => henrietta.Me.OnlineMeetings[meeting.Id].PatchAsync(new OnlineMeeting { Subject = "Hijacked" }));
        var delete = await Assert.ThrowsAsync<ODataError>(() => henrietta.Me.OnlineMeetings[meeting.Id].DeleteAsync());

        Assert.All(new[] { get, patch, delete }, e => Assert.Equal((404, "NotFound"), (e.ResponseStatusCode, e.Error!.Code)));
        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task An_application_token_is_refused_as_graph_refuses_it()
    {
        using var http = Server.CreateClient();
        var reply = await OAuthClient.PostTokenAsync(http, TestDirectory.ContosoTenant, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TestDirectory.ContosoDaemon,
            ["client_secret"] = TestDirectory.ContosoDaemonSecret,
            ["scope"] = "https://graph.microsoft.com/.default",
        });
        var (status, error) = await SendAsync(reply["access_token"]!, "GET", $"users/{ChatUser.Carlos.Id}/onlineMeetings/{meeting.Id}", null);

        Assert.Equal(403, status);
        Assert.Contains("delegated permissions", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<(int Status, JsonElement Error)> SendAsync(string bearer, string method, string path, string? body)
    {
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), "v1.0/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var root = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
        return ((int)response.StatusCode, root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) ? error : root);
    }

    /// <summary>The organizer's meeting is as created: same subject, times, attendee, and still found by its link.</summary>
    private async Task AssertUntouchedAsync()
    {
        var graph = GraphClients.Create(Server, token);
        var now = await graph.Me.OnlineMeetings[meeting.Id].GetAsync();
        Assert.Equal(("Untouched", meeting.StartDateTime, meeting.EndDateTime), (now!.Subject, now.StartDateTime, now.EndDateTime));
        Assert.Equal(ChatUser.Henrietta.Id, Assert.Single(now.Participants!.Attendees!).Identity!.User!.Id);
        var byLink = await graph.Me.OnlineMeetings.GetAsync(r => r.QueryParameters.Filter = $"JoinWebUrl eq '{meeting.JoinWebUrl}'");
        Assert.Single(byLink!.Value!);
    }
}

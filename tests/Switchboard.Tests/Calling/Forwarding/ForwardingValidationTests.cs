using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Calling.Forwarding.ForwardingClient;

namespace Switchboard.Tests.Calling.Forwarding;

/// <summary>Every malformed or impossible setting is a 400 or 404 in the ACS envelope, naming its field, and leaves the settings as they were.</summary>
[Collection(ForwardingCollection.Name)]
public sealed class ForwardingValidationTests(ForwardingServer fixture) : IAsyncLifetime
{
    private const string Nestor = "8:orgid:22222222-0000-4000-8000-000000000003";
    private const string Dora = "8:orgid:22222222-0000-4000-8000-000000000008";
    private const string Nobody = "8:orgid:22222222-0000-4000-8000-0000000009fe";
    private const string NoAcsUser = "8:acs:a0c50001-0000-4000-8000-000000000001_00000000-dead-4000-8000-000000000000";

    private SwitchboardServer Server => fixture.Server;
    private string token = "";
    private string baseline = "";

    public async Task InitializeAsync()
    {
        token = await TeamsTokenAsync(Server, TeamsUser.Cyd);
        var (status, body) = await PutAsync(Server, token, new { unanswered = new { rawId = TeamsUser.Cody.RawId, afterSeconds = 30 } });
        Assert.Equal(200, status);
        baseline = Compact(body);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, int, string, string?, string> Cases => new()
    {
        // body ({cody}, {self} substituted), status, code, target, a phrase of the message
        { "", 400, "InvalidRequestBody", null, "body is empty" },
        { "{not json", 400, "InvalidRequestBody", null, "malformed JSON" },
        { "[]", 400, "InvalidRequestBody", null, "malformed JSON" },
        { "{\"busy\":\"{cody}\"}", 400, "InvalidRequestBody", null, "malformed JSON" },
        { "{\"unanswered\":{\"rawId\":\"{cody}\",\"afterSeconds\":\"ten\"}}", 400, "InvalidRequestBody", null, "malformed JSON" },
        { "{\"immediate\":{\"rawId\":\"{cody}\"},\"busy\":{\"rawId\":\"{cody}\"}}", 400, "ValidationError", "immediate", "must be null" },
        { "{\"immediate\":{\"rawId\":\"{cody}\"},\"unanswered\":{\"rawId\":\"{cody}\"}}", 400, "ValidationError", "immediate", "must be null" },
        { "{\"immediate\":{}}", 400, "ValidationError", "immediate.rawId", "is required" },
        { "{\"busy\":{\"rawId\":\"  \"}}", 400, "ValidationError", "busy.rawId", "is required" },
        { "{\"busy\":{\"rawId\":\"4:+14255550123\"}}", 400, "ValidationError", "busy.rawId", "is not a Teams user" },
        { "{\"busy\":{\"rawId\":\"8:orgid:not-a-guid\"}}", 400, "ValidationError", "busy.rawId", "is not a Teams user" },
        { "{\"busy\":{\"rawId\":\"8:acs:resource-without-local-id\"}}", 400, "ValidationError", "busy.rawId", "is not a Teams user" },
        { "{\"busy\":{\"rawId\":\"{self}\"}}", 400, "ValidationError", "busy.rawId", "themself" },
        { "{\"immediate\":{\"rawId\":\"{SELF}\"}}", 400, "ValidationError", "immediate.rawId", "themself" },
        { "{\"unanswered\":{\"rawId\":\"{cody}\",\"afterSeconds\":4}}", 400, "ValidationError", "unanswered.afterSeconds", "[5, 120]" },
        { "{\"unanswered\":{\"rawId\":\"{cody}\",\"afterSeconds\":121}}", 400, "ValidationError", "unanswered.afterSeconds", "[5, 120]" },
        { "{\"busy\":{\"rawId\":\"" + Nobody + "\"}}", 404, "IdentityNotFound", "busy.rawId", "neither a user of the directory" },
        { "{\"unanswered\":{\"rawId\":\"" + NoAcsUser + "\"}}", 404, "IdentityNotFound", "unanswered.rawId", "nor an existing ACS identity" },
        { "{\"busy\":{\"rawId\":\"" + Nestor + "\"}}", 400, "ValidationError", "busy.rawId", "cannot take calls" },
        { "{\"immediate\":{\"rawId\":\"" + Dora + "\"}}", 400, "ValidationError", "immediate.rawId", "cannot take calls" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_setting_is_refused_with_its_field_named_and_changes_nothing(string body, int status, string code, string? target, string phrase)
    {
        var sent = body.Replace("{cody}", TeamsUser.Cody.RawId, StringComparison.Ordinal)
            .Replace("{self}", TeamsUser.Cyd.RawId, StringComparison.Ordinal)
            .Replace("{SELF}", TeamsUser.Cyd.RawId.ToUpperInvariant(), StringComparison.Ordinal);

        var (actualStatus, reply) = await PutAsync(Server, token, sent);

        var error = reply.GetProperty("error");
        Assert.True(status == actualStatus, $"{actualStatus}: {reply}");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(target, error.TryGetProperty("target", out var t) ? t.GetString() : null);
        Assert.Contains(phrase, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(baseline, Compact((await GetAsync(Server, token)).Body));
    }
}

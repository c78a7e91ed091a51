using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Calling.Sfu;

namespace Switchboard.Tests.Calling.Sfu;

/// <summary>The launched Janus: locked down (secret, admin key, loopback, one plugin, one transport) and restarted when it dies.</summary>
[Collection(SfuCollection.Name)]
public sealed class JanusLauncherTests(SfuServer fixture)
{
    [Fact]
    public async Task Janus_refuses_requests_without_the_api_secret_and_room_creation_without_the_admin_key()
    {
        var janus = await fixture.RunningJanusAsync();
        using var http = new HttpClient();

        var anonymous = await (await http.PostAsJsonAsync(janus.Api, new { janus = "create", transaction = "t1" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("error", anonymous.GetProperty("janus").GetString());
        Assert.Equal(403, anonymous.GetProperty("error").GetProperty("code").GetInt32());
        var wrong = await (await http.PostAsJsonAsync(janus.Api, new { janus = "create", transaction = "t2", apisecret = "guess" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(403, wrong.GetProperty("error").GetProperty("code").GetInt32());

        // With the secret but without the right admin key, the VideoRoom refuses to create a room
        // (JANUS_VIDEOROOM_ERROR_MISSING_ELEMENT 429, JANUS_VIDEOROOM_ERROR_UNAUTHORIZED 433).
        var withoutKey = await JanusProbe.VideoRoomAsync(janus, new { request = "create", room = 4242, publishers = 3 });
        Assert.Equal(429, withoutKey.GetProperty("error_code").GetInt32());
        var wrongKey = await JanusProbe.VideoRoomAsync(janus, new { request = "create", room = 4242, publishers = 3, admin_key = "guess" });
        Assert.Equal(433, wrongKey.GetProperty("error_code").GetInt32());
    }

    [Fact]
    public async Task The_launched_janus_listens_on_loopback_with_only_the_http_transport_and_the_videoroom_plugin()
    {
        var janus = await fixture.RunningJanusAsync();
        Assert.Equal("127.0.0.1", janus.Api.Host);
        using var http = new HttpClient();
        var info = await http.GetFromJsonAsync<JsonElement>(new Uri(janus.Api, "info"));
        Assert.True(info.GetProperty("api_secret").GetBoolean());
        Assert.Equal(["janus.plugin.videoroom"], info.GetProperty("plugins").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["janus.transport.http"], info.GetProperty("transports").EnumerateObject().Select(p => p.Name));

        var config = await File.ReadAllTextAsync(Path.Combine(fixture.Launcher.Folder, "janus.jcfg"));
        Assert.Contains($"api_secret = \"{janus.ApiSecret}\"", config, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(fixture.Launcher.Folder, "janus.jcfg")));
        }
        Assert.True(File.Exists(Path.Combine(fixture.Launcher.Folder, "janus.log")));
        // The generated secrets never reach the server's log.
        Assert.DoesNotContain(fixture.Server.Logs.Lines, l => l.Contains(janus.ApiSecret!, StringComparison.Ordinal) || l.Contains(janus.AdminKey!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_killed_janus_is_restarted_and_its_open_rooms_report_that_they_were_lost()
    {
        var before = await fixture.RunningJanusAsync();
        var opened = await fixture.Sfu.OpenRoomAsync("call-lost", default);
        Assert.True(opened.IsSuccess, opened.Error?.ToString());
        await using var room = opened.Value;
        var events = new RoomEvents(room);
        var pid = fixture.Launcher.ProcessId ?? throw new InvalidOperationException("No Janus process.");

        using (var janus = Process.GetProcessById(pid))
        {
            janus.Kill();
        }

        var lost = await events.WaitAsync<SfuLost>(_ => true);
        Assert.False(string.IsNullOrEmpty(lost.Reason));
        Assert.Equal(SfuErrorCode.RoomClosed, (await room.SubscribeAsync("ann", default)).Error?.Code);

        var after = await fixture.RunningJanusAsync();
        Assert.NotSame(before, after);
        Assert.NotEqual(pid, fixture.Launcher.ProcessId);
        var again = await fixture.Sfu.OpenRoomAsync("call-after-restart", default);
        Assert.True(again.IsSuccess, again.Error?.ToString());
        await again.Value.DisposeAsync();
    }
}

/// <summary>Talks to the launched Janus directly, as only the server should: for assertions about its state.</summary>
internal static class JanusProbe
{
    public static async Task<JsonElement> VideoRoomAsync(JanusInstance janus, object body)
    {
        using var http = new HttpClient();
        var session = await (await http.PostAsJsonAsync(janus.Api, new { janus = "create", transaction = "p1", apisecret = janus.ApiSecret })).Content.ReadFromJsonAsync<JsonElement>();
        var sessionUri = new Uri(janus.Api, session.GetProperty("data").GetProperty("id").GetInt64() + "/");
        var handle = await (await http.PostAsJsonAsync(sessionUri, new { janus = "attach", plugin = "janus.plugin.videoroom", transaction = "p2", apisecret = janus.ApiSecret })).Content.ReadFromJsonAsync<JsonElement>();
        var handleUri = new Uri(sessionUri, handle.GetProperty("data").GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var reply = await (await http.PostAsJsonAsync(handleUri, new { janus = "message", body, transaction = "p3", apisecret = janus.ApiSecret })).Content.ReadFromJsonAsync<JsonElement>();
        await http.PostAsJsonAsync(sessionUri, new { janus = "destroy", transaction = "p4", apisecret = janus.ApiSecret });
        return reply.GetProperty("plugindata").GetProperty("data");
    }

    public static async Task<bool> RoomExistsAsync(JanusInstance janus, long room)
        => (await VideoRoomAsync(janus, new { request = "exists", room })).GetProperty("exists").GetBoolean();
}

using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Calling.Forwarding.ForwardingClient;

namespace Switchboard.Tests.Calling.Forwarding;

/// <summary>Forwarding settings are in the database, not in memory.</summary>
public sealed class ForwardingDurabilityTests
{
    [Fact]
    public async Task Settings_survive_a_server_restart()
    {
        var data = SwitchboardServer.NewDataDirectory();
        string expected;
        await using (var first = await SwitchboardServer.StartAsync(data))
        {
            var cara = await TeamsTokenAsync(first, TeamsUser.Cara);
            var (status, body) = await PutAsync(first, cara, new { unanswered = new { rawId = TeamsUser.Cody.RawId, afterSeconds = 45 }, busy = new { rawId = TeamsUser.Cleo.RawId } });
            Assert.Equal(200, status);
            expected = Compact(body);
        }

        await using var second = await SwitchboardServer.StartAsync(data);
        var again = await TeamsTokenAsync(second, TeamsUser.Cara);
        var (readStatus, read) = await GetAsync(second, again);

        Assert.Equal((200, expected), (readStatus, Compact(read)));
        Assert.Contains("\"afterSeconds\":45", expected, StringComparison.Ordinal);
    }
}

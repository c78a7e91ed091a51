using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Calling.Forwarding;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Calling.Forwarding.ForwardingClient;

namespace Switchboard.Tests.Calling.Forwarding;

/// <summary>One server for the forwarding suite.</summary>
public sealed class ForwardingServer : IAsyncLifetime
{
    public SwitchboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await SwitchboardServer.StartAsync();

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class ForwardingCollection : ICollectionFixture<ForwardingServer>
{
    public const string Name = "forwarding";
}

/// <summary>Setting, reading and clearing forwarding with real ACS tokens; each user sees and changes only their own.</summary>
[Collection(ForwardingCollection.Name)]
public sealed class ForwardingTests(ForwardingServer fixture)
{
    private const string Empty = "{\"immediate\":null,\"unanswered\":null,\"busy\":null}";

    private SwitchboardServer Server => fixture.Server;

    [Fact]
    public async Task Settings_start_empty_are_read_back_as_set_and_clear_with_nulls()
    {
        var cara = await TeamsTokenAsync(Server, TeamsUser.Cara);
        var (acsUser, _) = await AcsUserAsync(Server, "voip");
        var rules = Server.Services.GetRequiredService<IForwardingRules>();

        var (status, body) = await GetAsync(Server, cara);
        Assert.Equal((200, Empty), (status, Compact(body)));
        Assert.Equal(ForwardingSettings.None, await rules.GetAsync(TeamsUser.Cara.RawId, CancellationToken.None));

        var set = new { immediate = (object?)null, unanswered = new { rawId = TeamsUser.Cody.RawId, afterSeconds = 10 }, busy = new { rawId = acsUser } };
        var expected = $"{{\"immediate\":null,\"unanswered\":{{\"rawId\":\"{TeamsUser.Cody.RawId}\",\"afterSeconds\":10}},\"busy\":{{\"rawId\":\"{acsUser}\"}}}}";
        var put = await PutAsync(Server, cara, set);
        Assert.Equal((200, expected), (put.Status, Compact(put.Body)));
        Assert.Equal(expected, Compact((await GetAsync(Server, cara)).Body));
        Assert.Equal(new ForwardingSettings(null, TeamsUser.Cody.RawId, TimeSpan.FromSeconds(10), acsUser), await rules.GetAsync(TeamsUser.Cara.RawId, CancellationToken.None));

        // PUT replaces the whole settings: immediate alone turns the other two off.
        await PutAsync(Server, cara, new { immediate = new { rawId = TeamsUser.Cody.RawId } });
        Assert.Equal($"{{\"immediate\":{{\"rawId\":\"{TeamsUser.Cody.RawId}\"}},\"unanswered\":null,\"busy\":null}}", Compact((await GetAsync(Server, cara)).Body));
        Assert.Equal(TeamsUser.Cody.RawId, (await rules.GetAsync(TeamsUser.Cara.RawId, CancellationToken.None)).Immediate);

        var cleared = await PutAsync(Server, cara, Empty);
        Assert.Equal((200, Empty), (cleared.Status, Compact(cleared.Body)));
        Assert.Equal(Empty, Compact((await GetAsync(Server, cara)).Body));
        Assert.Equal(ForwardingSettings.None, await rules.GetAsync(TeamsUser.Cara.RawId, CancellationToken.None));
    }

    [Fact]
    public async Task Unanswered_rings_twenty_seconds_unless_told_and_raw_ids_are_stored_in_one_spelling()
    {
        var cleo = await TeamsTokenAsync(Server, TeamsUser.Cleo);

        var put = await PutAsync(Server, cleo, new { unanswered = new { rawId = "8:ORGID:" + TeamsUser.Cody.Id.ToUpperInvariant() } });

        Assert.Equal(200, put.Status);
        Assert.Equal($"{{\"immediate\":null,\"unanswered\":{{\"rawId\":\"{TeamsUser.Cody.RawId}\",\"afterSeconds\":20}},\"busy\":null}}", Compact((await GetAsync(Server, cleo)).Body));
        await PutAsync(Server, cleo, Empty);
    }

    [Fact]
    public async Task One_user_cannot_read_or_change_another_users_settings()
    {
        var cara = await TeamsTokenAsync(Server, TeamsUser.Cara);
        var cyd = await TeamsTokenAsync(Server, TeamsUser.Cyd);
        var mine = new { busy = new { rawId = TeamsUser.Cody.RawId } };
        await PutAsync(Server, cyd, mine);
        var cydSettings = Compact((await GetAsync(Server, cyd)).Body);

        // There is no way to name another user: a query naming Cyd still answers for the caller.
        var (status, body) = await GetAsync(Server, cara, "?rawId=" + Uri.EscapeDataString(TeamsUser.Cyd.RawId));
        Assert.Equal(200, status);
        Assert.NotEqual(cydSettings, Compact(body));
        await PutAsync(Server, cara, new { immediate = new { rawId = TeamsUser.Cleo.RawId } });
        await PutAsync(Server, cara, Empty);

        Assert.Equal(cydSettings, Compact((await GetAsync(Server, cyd)).Body));
        await PutAsync(Server, cyd, Empty);
    }

    [Fact]
    public async Task An_acs_user_keeps_forwarding_settings_of_its_own()
    {
        var (rawId, token) = await AcsUserAsync(Server, "voip");

        var put = await PutAsync(Server, token, new { immediate = new { rawId = TeamsUser.Cody.RawId } });

        Assert.Equal(200, put.Status);
        var rules = Server.Services.GetRequiredService<IForwardingRules>();
        Assert.Equal(TeamsUser.Cody.RawId, (await rules.GetAsync(rawId, CancellationToken.None)).Immediate);
        Assert.Equal(Empty, Compact((await GetAsync(Server, await TeamsTokenAsync(Server, TeamsUser.Cody))).Body));
    }

    [Fact]
    public async Task Requests_without_a_valid_acs_token_with_voip_are_refused_in_the_acs_envelope()
    {
        var graphToken = await GraphClients.TokenAsync(Server, ChatUser.Lee.Upn, ChatUser.Lee.Password);
        var (_, chatOnly) = await AcsUserAsync(Server, "chat");

        var cases = new (string? Token, int Status, string Code)[]
        {
            (null, 401, "InvalidAccessToken"),
            ("", 401, "InvalidAccessToken"),
            ("not-a-jwt", 401, "InvalidAccessToken"),
            (graphToken, 401, "InvalidAccessToken"),
            (chatOnly, 403, "InsufficientScope"),
        };
        foreach (var (token, expectedStatus, code) in cases)
        {
            foreach (var (status, body) in new[] { await GetAsync(Server, token), await PutAsync(Server, token, Empty) })
            {
                Assert.Equal((expectedStatus, code), (status, body.GetProperty("error").GetProperty("code").GetString()));
                Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetProperty("message").GetString()));
            }
        }
    }
}

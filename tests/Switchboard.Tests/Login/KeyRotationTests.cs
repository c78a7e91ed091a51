using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Login.Keys;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Login;

/// <summary>
/// Key rotation with a controlled clock: the next key is published before it signs, takes over on
/// schedule, and the old key stays published until the last token it signed has expired.
/// </summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task Next_key_is_published_before_it_signs_and_the_old_one_stays_until_its_tokens_expire()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await SwitchboardServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var ring = server.Services.GetRequiredService<SigningKeyRing>();
        using var http = server.CreateClient();

        var published = await KidsAsync(http);
        Assert.Equal(2, published.Count);
        var first = await SigningKidAsync(http);
        Assert.Contains(first, published);
        var next = Assert.Single(published, k => k != first);

        // Thirty days on (the default rotation), the published next key signs; a newer key is published behind it.
        clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        await ring.RotateAsync(CancellationToken.None);
        Assert.Equal(next, await SigningKidAsync(http));
        var afterRotation = await KidsAsync(http);
        Assert.Contains(first, afterRotation);
        Assert.Equal(3, afterRotation.Count);

        // Once no token signed by the first key can still be valid (90 minutes + 5 minutes skew), it goes.
        clock.Advance(TimeSpan.FromMinutes(96));
        await ring.RotateAsync(CancellationToken.None);
        var later = await KidsAsync(http);
        Assert.DoesNotContain(first, later);
        Assert.Contains(next, later);
    }

    private static async Task<List<string>> KidsAsync(HttpClient http)
    {
        // The ring reloads from storage at most once a minute; these requests see the rotation at once
        // because RotateAsync drops the cached snapshot.
        var keys = new JsonWebKeySet(await http.GetStringAsync($"{FabrikamTenant}/discovery/v2.0/keys"));
        return keys.Keys.Select(k => k.Kid).ToList();
    }

    private static async Task<string> SigningKidAsync(HttpClient http)
    {
        var reply = await OAuthClient.PasswordAsync(http, "ropc@fabrikam.test", "Fabrikam!Ropc1", ManageCalls);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.ToString());
        return new JsonWebToken(reply["access_token"]).Kid;
    }
}

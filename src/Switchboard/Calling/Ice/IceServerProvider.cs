using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Switchboard.Calling.Ice;

/// <summary>
/// The <c>iceServers</c> an agent gets: the configured STUN/TURN servers, plus coturn TURN REST
/// credentials when a secret is configured: <c>username = {expiry}:{rawId}</c>,
/// <c>credential = base64(HMAC-SHA1(secret, username))</c>, valid until the expiry.
/// </summary>
internal sealed class IceServerProvider(IOptionsMonitor<CallingOptions> options, TimeProvider time)
{
    public IReadOnlyList<IceServer> For(string rawId)
    {
        var settings = options.CurrentValue;
        var servers = (settings.IceServers ?? []).Select(s => new IceServer(s.Urls, s.Username, s.Credential)).ToList();
        if (settings.Turn is { Secret: { Length: > 0 } secret, Urls.Count: > 0 } turn)
        {
            var expiry = time.GetUtcNow().Add(turn.CredentialLifetime).ToUnixTimeSeconds();
            var username = string.Create(CultureInfo.InvariantCulture, $"{expiry}:{rawId}");
#pragma warning disable CA5350 // coturn's TURN REST scheme (use-auth-secret) is defined with HMAC-SHA1; the secret and expiry carry the strength.
            var credential = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350
            servers.Add(new IceServer(turn.Urls, username, credential));
        }

        return servers;
    }
}

internal sealed record IceServer(IReadOnlyList<string> Urls, string? Username, string? Credential);

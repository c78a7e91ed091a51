using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Switchboard.Bench;

/// <summary>
/// The requests the benchmark sends. Each worker checks that it got what a real client needs (status,
/// and the tokens in the body), so a fast error path can never pass for throughput.
/// </summary>
internal static class TokenRequests
{
    public const string OrganizationsToken = "organizations/oauth2/v2.0/token";

    public static string TenantToken => $"{BenchSeed.TenantId}/oauth2/v2.0/token";

    public static HttpRequestMessage Form(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    public static byte[] Encode(params (string Name, string Value)[] fields)
        => Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => f.Name + "=" + Uri.EscapeDataString(f.Value))));

    public static byte[] PasswordBody(int user) => Encode(
        ("grant_type", "password"),
        ("client_id", BenchSeed.PublicClientId),
        ("username", BenchSeed.Users[user % BenchSeed.Users.Count].UserName),
        ("password", BenchSeed.Users[user % BenchSeed.Users.Count].Password),
        ("scope", BenchSeed.UserScopes));

    public static byte[] RefreshBody(string refreshToken) => Encode(
        ("grant_type", "refresh_token"),
        ("client_id", BenchSeed.PublicClientId),
        ("refresh_token", refreshToken),
        ("scope", BenchSeed.UserScopes));

    /// <summary>Sends a token request; on 200 returns the named string properties of the JSON body.</summary>
    public static async Task<(Dictionary<string, string>? Fields, string? Error)> SendAsync(HttpClient client, string path, byte[] body, params string[] required)
    {
        using var request = Form(path, body);
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (null, $"HTTP {(int)response.StatusCode}: {Truncate(Encoding.UTF8.GetString(bytes))}");
        }

        var fields = ReadStrings(bytes, required);
        var missing = required.FirstOrDefault(r => !fields.ContainsKey(r));
        return missing is null ? (fields, null) : (null, $"200 without {missing}: {Truncate(Encoding.UTF8.GetString(bytes))}");
    }

    private static Dictionary<string, string> ReadStrings(byte[] json, string[] names)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && Array.IndexOf(names, name) >= 0)
                {
                    found[name] = reader.GetString()!;
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return found;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>
/// <c>refresh_token</c> grant, chained: refresh tokens rotate on every use and a replay revokes the
/// family, so each worker always presents the token from its own previous response. The chain starts
/// with a password sign-in (done before the run, outside any measured window).
/// </summary>
internal sealed class RefreshWorker(HttpClient client, int user) : ILoadWorker
{
    private string? refreshToken;

    public async Task SignInAsync()
    {
        var (fields, error) = await TokenRequests.SendAsync(client, TokenRequests.OrganizationsToken, TokenRequests.PasswordBody(user), "refresh_token");
        refreshToken = fields?["refresh_token"] ?? throw new InvalidOperationException("Password sign-in for the refresh chain failed: " + error);
    }

    public async Task<string?> SendAsync()
    {
        var (fields, error) = await TokenRequests.SendAsync(
            client, TokenRequests.OrganizationsToken, TokenRequests.RefreshBody(refreshToken!), "access_token", "id_token", "refresh_token");
        if (fields is null)
        {
            // The chain is broken (its family may be revoked): start a new one so the run goes on, and report the error.
            await SignInAsync();
            return error;
        }

        refreshToken = fields["refresh_token"];
        return null;
    }
}

/// <summary><c>client_credentials</c> with a client secret against the tenant-specific authority.</summary>
internal sealed class ClientCredentialsWorker(HttpClient client) : ILoadWorker
{
    private static readonly byte[] Body = TokenRequests.Encode(
        ("grant_type", "client_credentials"),
        ("client_id", BenchSeed.DaemonClientId),
        ("client_secret", BenchSeed.DaemonSecret),
        ("scope", BenchSeed.DaemonScope));

    public async Task<string?> SendAsync()
        => (await TokenRequests.SendAsync(client, TokenRequests.TenantToken, Body, "access_token")).Error;
}

/// <summary>Resource-owner password grant: one PBKDF2 verification, then the same tokens as a refresh.</summary>
internal sealed class PasswordWorker(HttpClient client, int user) : ILoadWorker
{
    private readonly byte[] body = TokenRequests.PasswordBody(user);

    public async Task<string?> SendAsync()
        => (await TokenRequests.SendAsync(client, TokenRequests.OrganizationsToken, body, "access_token", "id_token", "refresh_token")).Error;
}

/// <summary>A diagnostic GET that must answer 200 (discovery documents: no signing).</summary>
internal sealed class GetWorker(HttpClient client, string path) : ILoadWorker
{
    public async Task<string?> SendAsync()
    {
        using var response = await client.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK && bytes.Length > 0 ? null : $"HTTP {(int)response.StatusCode}";
    }
}

/// <summary>
/// Diagnostic: a refresh with a token that was never issued. The server does the token endpoint's
/// front half (form, client lookup, refresh-token lookup) and answers 400 invalid_grant, without
/// signing or writing anything. Success here is that 400.
/// </summary>
internal sealed class RejectedRefreshWorker(HttpClient client) : ILoadWorker
{
    public async Task<string?> SendAsync()
    {
        var body = TokenRequests.RefreshBody("1." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('='));
        using var request = TokenRequests.Form(TokenRequests.OrganizationsToken, body);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.BadRequest && text.Contains("invalid_grant", StringComparison.Ordinal)
            ? null
            : $"expected 400 invalid_grant, got HTTP {(int)response.StatusCode}";
    }
}

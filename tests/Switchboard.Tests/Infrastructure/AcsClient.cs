using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Switchboard.Tests.Infrastructure;

public sealed record AcsReply(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)
{
    public string? Code => Body.TryGetProperty("error", out var e) ? e.GetProperty("code").GetString() : null;

    public string? Message => Body.TryGetProperty("error", out var e) ? e.GetProperty("message").GetString() : null;

    public string? Target => Body.TryGetProperty("error", out var e) && e.TryGetProperty("target", out var t) ? t.GetString() : null;

    public string? InnerCode => Body.TryGetProperty("error", out var e) && e.TryGetProperty("innererror", out var i) ? i.GetProperty("code").GetString() : null;
}

/// <summary>
/// Raw calls to the ACS Identity API, signed the way the Azure SDKs sign (HMAC-SHA256 over
/// method, path and query as sent, date, host and body hash), with hooks to break each part on purpose.
/// </summary>
public sealed class AcsClient(SwitchboardServer server, string accessKey) : IDisposable
{
    public const string Version = "2023-10-01";
    private readonly HttpClient http = server.CreateClient();

    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    public async Task<AcsReply> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        string? body = null,
        string? signedPathAndQuery = null,
        string? sentBody = null,
        string? bearer = null,
        Action<HttpRequestMessage>? alter = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body ?? "");
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        if (body is not null || sentBody is not null)
        {
            request.Content = new ByteArrayContent(sentBody is null ? bytes : Encoding.UTF8.GetBytes(sentBody));
            request.Content.Headers.ContentType = new("application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }
        else
        {
            var date = Clock().ToString("r", CultureInfo.InvariantCulture);
            var hash = Convert.ToBase64String(SHA256.HashData(bytes));
            var host = new Uri(server.Origin).Authority;
            var toSign = $"{method.Method}\n{signedPathAndQuery ?? pathAndQuery}\n{date};{host};{hash}";
            var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(accessKey), Encoding.UTF8.GetBytes(toSign)));
            request.Headers.Add("x-ms-date", date);
            request.Headers.Add("x-ms-content-sha256", hash);
            request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
        }

        alter?.Invoke(request);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new AcsReply(response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone(), response);
    }

    public Task<AcsReply> CreateAsync(string? body = null, string version = Version) => SendAsync(HttpMethod.Post, $"/identities?api-version={version}", body);

    public Task<AcsReply> IssueAsync(string id, string body, string version = Version)
        => SendAsync(HttpMethod.Post, $"/identities/{Uri.EscapeDataString(id)}/:issueAccessToken?api-version={version}", body);

    public Task<AcsReply> ExchangeAsync(string body, string version = Version)
        => SendAsync(HttpMethod.Post, $"/teamsUser/:exchangeAccessToken?api-version={version}", body);

    public void Dispose() => http.Dispose();

    /// <summary>Asks the server whether an ACS token is valid now (<c>GET /communication/tokenInfo</c>).</summary>
    public static async Task<HttpResponseMessage> TokenInfoAsync(SwitchboardServer server, string token)
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "communication/tokenInfo");
        request.Headers.Authorization = new("Bearer", token);
        return await http.SendAsync(request);
    }

    /// <summary>The keys of the seeded resources (tests/seed/test-seed.json).</summary>
    public static string Key(string resourceName, bool secondary = false)
    {
        var text = string.Join('\n', File.ReadAllLines(SwitchboardServer.TestSeedPath).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        using var seed = JsonDocument.Parse(text);
        var resource = seed.RootElement.GetProperty("communicationResources").EnumerateArray().First(r => r.GetProperty("name").GetString() == resourceName);
        return resource.GetProperty(secondary ? "secondaryKey" : "accessKey").GetString()!;
    }
}

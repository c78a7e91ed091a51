using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Switchboard.Bench;

/// <summary>
/// Teams user exchanges per second (POST /teamsUser/:exchangeAccessToken, HMAC-signed, HTTPS keep-alive),
/// against an RSA-2048 sign-and-verify loop: each exchange verifies the Entra token's signature and signs
/// one ACS token. The throttle is switched off for this server (its limit is 500 per 30 s).
/// </summary>
internal static class ExchangeThroughput
{
    public const string ResourceId = "b0b0b0b0-0000-4000-8000-00000000ac51";

    /// <summary>The bench resource's access key (bench-seed.json); base64, as the SDKs expect.</summary>
    public const string AccessKey = "YmVuY2gtb25seS1hY2Nlc3Mta2V5LWZvci1zd2l0Y2hib2FyZC1iZW5jaG1hcmtzLTAwMDAwMDAwMDAwMDAwMDE=";

    public static async Task<PairedResult> RunAsync(string serverDll, string dataDirectory, BenchOptions options, Action<string> progress)
    {
        var environment = new Dictionary<string, string>(options.ServerEnvironment, StringComparer.Ordinal)
        {
            ["Communication__Throttling__Enabled"] = "false",
        };
        await using var server = ServerProcess.Start(serverDll, dataDirectory, RepoPaths.Seed, environment);
        var up = await server.WaitForFirstAnswerAsync(TimeSpan.FromSeconds(60));
        progress($"exchange server up in {up.TotalMilliseconds:0} ms (pid {server.Pid})");
        using var client = BenchHttp.Create(server.BaseAddress, server.CaPath, options.Clients, TimeSpan.FromSeconds(30));

        // One Entra token per user, by the password grant (not measured); each worker exchanges one of them again and again.
        var tokens = new List<(string Token, string UserId)>();
        for (var user = 0; user < BenchSeed.Users.Count; user++)
        {
            var (fields, error) = await TokenRequests.SendAsync(client, TokenRequests.OrganizationsToken, TokenRequests.PasswordBody(user), "access_token");
            if (fields is null)
            {
                throw new InvalidOperationException($"Could not sign in bench user {user}: {error}");
            }

            var payload = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(fields["access_token"].Split('.')[1]));
            tokens.Add((fields["access_token"], payload.RootElement.GetProperty("oid").GetString()!));
        }

        var workers = Enumerable.Range(0, options.Clients)
            .Select(i => (ILoadWorker)new ExchangeWorker(client, server.BaseAddress, tokens[i % tokens.Count].Token, tokens[i % tokens.Count].UserId))
            .ToList();
        var cores = Environment.ProcessorCount;
        return await LoadRunner.RunPairedAsync(
            "Teams user exchange (HMAC)", server, workers, "RSA sign+verify pairs",
            () => MeasureSignAndVerify(cores, TimeSpan.FromSeconds(0.3), options.BaselineDuration), 1, options, progress);
    }

    public static string Render(PairedResult result)
    {
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("## Teams user exchange (issue: communication identity)")
            .AppendLine()
            .AppendLine("`POST /teamsUser/:exchangeAccessToken` signed with HMAC-SHA256, HTTPS keep-alive, throttle off. Each exchange verifies one RS256 signature (the Entra token) and makes one (the ACS token); the ceiling is an in-process RSA-2048 sign-and-verify loop on every core, measured next to each round.")
            .AppendLine()
            .AppendLine("| Measure | Result | Ceiling measured in the same run | Ratio (range) | Target |")
            .AppendLine("|---|---:|---|---:|---|");
        var low = result.Rounds.Min(r => r.Ratio) * 100;
        var high = result.Rounds.Max(r => r.Ratio) * 100;
        text.AppendLine(CultureInfo.InvariantCulture, $"| Teams exchanges | {result.MedianPerSecond:0.0}/s | {result.MedianCeilingPerSecond:0.0} sign+verify pairs/s | **{result.MedianRatio * 100:0.0}%** ({low:0.0}%–{high:0.0}%) | ≥ 85% ({(result.MedianRatio >= 0.85 ? "met" : "not met")}) |")
            .AppendLine()
            .AppendLine("| round | exchanges/s | sign+verify pairs/s | ratio | failures |")
            .AppendLine("|---:|---:|---:|---:|---:|");
        for (var i = 0; i < result.Rounds.Count; i++)
        {
            var round = result.Rounds[i];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {round.Load.PerSecond:0.0} | {round.Baseline.PerSecond:0.0} | {round.Ratio * 100:0.0}% | {round.Load.Rate.Failures} |");
        }

        return text.ToString();
    }

    /// <summary>The ceiling: per thread, one RSA-2048 RS256 verification (the Entra token) and one signature (the ACS token).</summary>
    public static BaselineResult MeasureSignAndVerify(int threads, TimeSpan warmup, TimeSpan duration)
        => InProcessRate.Measure($"RSA-2048 RS256 sign + verify, {threads} thread(s)", threads, () =>
        {
            var rsa = RSA.Create(2048);
            var input = Encoding.ASCII.GetBytes(new string('x', 1200));
            var signature = rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var output = new byte[256];
            return () =>
            {
                rsa.VerifyData(input, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                rsa.TrySignData(input, output, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out _);
            };
        }, warmup, duration);

    private sealed class ExchangeWorker(HttpClient client, Uri baseAddress, string token, string userId) : ILoadWorker
    {
        private const string PathAndQuery = "/teamsUser/:exchangeAccessToken?api-version=2023-10-01";
        private static readonly byte[] Key = Convert.FromBase64String(AccessKey);
        private readonly byte[] body = JsonSerializer.SerializeToUtf8Bytes(new { token, appId = BenchSeed.PublicClientId, userId });

        public async Task<string?> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, PathAndQuery.TrimStart('/')) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            var date = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
            var hash = Convert.ToBase64String(SHA256.HashData(body));
            var toSign = $"POST\n{PathAndQuery}\n{date};{baseAddress.Authority};{hash}";
            request.Headers.Add("x-ms-date", date);
            request.Headers.Add("x-ms-content-sha256", hash);
            request.Headers.TryAddWithoutValidation("Authorization", "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(toSign))));
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                await response.Content.ReadAsByteArrayAsync();
                return null;
            }

            return $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
        }
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Tests.Infrastructure;

public sealed record TokenReply(HttpStatusCode Status, JsonElement Body)
{
    public string? this[string name] => Body.TryGetProperty(name, out var value) ? value.ToString() : null;

    public int? FirstErrorCode => Body.TryGetProperty("error_codes", out var codes) ? codes[0].GetInt32() : null;
}

/// <summary>Raw OAuth requests, for the protocol edges no SDK will send (bad input, replays, tampering).</summary>
public static class OAuthClient
{
    public static async Task<TokenReply> PostTokenAsync(HttpClient http, string tenant, IDictionary<string, string> form, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{tenant}/oauth2/v2.0/token") { Content = new FormUrlEncodedContent(form) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new TokenReply(response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone());
    }

    public static Task<TokenReply> PasswordAsync(HttpClient http, string user, string password, string scope, string tenant = "organizations", string client = TestDirectory.ContosoCalls)
        => PostTokenAsync(http, tenant, new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = client,
            ["username"] = user,
            ["password"] = password,
            ["scope"] = scope,
        });

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(
        string tenant,
        string scope,
        string? challenge,
        string client = TestDirectory.ContosoCalls,
        string redirectUri = TestDirectory.LoopbackRedirect,
        string? prompt = null,
        string state = "state-1",
        string? responseMode = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = client,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = challenge is null ? null : "S256",
            ["prompt"] = prompt,
            ["response_mode"] = responseMode,
        };
        return QueryHelpers.AddQueryString($"/{tenant}/oauth2/v2.0/authorize", query.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    public static Task<TokenReply> RedeemAsync(HttpClient http, string code, string? verifier, string tenant = "organizations", string client = TestDirectory.ContosoCalls, string redirectUri = TestDirectory.LoopbackRedirect, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = client,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return PostTokenAsync(http, tenant, form);
    }
}

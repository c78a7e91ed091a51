using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Communication.Endpoints;

internal sealed record CreateIdentityRequest(List<string>? CreateTokenWithScopes, int? ExpiresInMinutes, string? CustomId);

internal sealed record IssueTokenRequest(List<string>? Scopes, int? ExpiresInMinutes);

internal sealed record TeamsExchangeRequest(string? Token, string? AppId, string? UserId);

internal static class IdentityJson
{
    /// <summary>Property names are camelCase and case-sensitive, as the service's; nulls are "absent".</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads a body that may be absent (JS <c>createUser</c> sends zero bytes).</summary>
    public static bool TryRead<T>(byte[] body, out T? value, out string? error)
        where T : class
    {
        value = null;
        error = null;
        if (body.Length == 0)
        {
            return true;
        }

        try
        {
            value = JsonSerializer.Deserialize<T>(body, Options);
            return true;
        }
        catch (JsonException e)
        {
            error = e.Message;
            return false;
        }
    }
}

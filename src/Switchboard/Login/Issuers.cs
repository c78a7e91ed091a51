using Microsoft.Extensions.Options;
using Switchboard.Hosting;

namespace Switchboard.Login;

/// <summary>
/// Issuer and endpoint URLs. The origin is the configured public origin, else the request's own
/// scheme and host, so a client reaching the server as 127.0.0.1 gets metadata that matches it.
/// </summary>
internal sealed class Issuers(IOptions<SwitchboardOptions> options)
{
    private readonly string? configured = string.IsNullOrEmpty(options.Value.PublicOrigin) ? null : options.Value.PublicOrigin.TrimEnd('/');

    public string Origin(HttpRequest request) => configured ?? $"{request.Scheme}://{request.Host.Value}";

    /// <summary>v2.0 tokens and id tokens: <c>https://host/{tid}/v2.0</c>.</summary>
    public static string V2(string origin, Guid tenantId) => $"{origin}/{tenantId}/v2.0";

    /// <summary>
    /// v1.0 tokens (what Microsoft's first-party resources get). Entra uses <c>https://sts.windows.net/{tid}/</c>;
    /// Switchboard has one host, so the v1 issuer is <c>https://host/{tid}/</c>, published in the v1 metadata.
    /// </summary>
    public static string V1(string origin, Guid tenantId) => $"{origin}/{tenantId}/";
}

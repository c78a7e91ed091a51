using Switchboard.Directory.Model;

namespace Switchboard.Login.Grants;

/// <summary>A token request that passed the shared checks (tenant, form, grant type, known client).</summary>
internal sealed record TokenContext(HttpContext Http, IFormCollection Form, Authority Authority, Application Client, string Origin)
{
    public CancellationToken Aborted => Http.RequestAborted;

    public string? this[string name] => Form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;

    /// <summary>The tenant a token issued now belongs to: the authority's tenant, else the user's home.</summary>
    public string TenantName => Authority.Tenant?.Id.ToString() ?? Authority.Segment;
}

/// <summary>One OAuth grant type at the token endpoint.</summary>
internal interface ITokenGrant
{
    string GrantType { get; }

    /// <summary>Other names clients send for the same grant (MSAL.NET says <c>device_code</c>).</summary>
    IReadOnlyList<string> Aliases => [];

    Task<IResult> HandleAsync(TokenContext context);
}

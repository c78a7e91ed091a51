using Switchboard.Directory;
using Switchboard.Login.Errors;
using Switchboard.Login.Keys;
using Switchboard.Login.Pages;
using Switchboard.Security;

namespace Switchboard.Login.Endpoints;

/// <summary>
/// OpenID Connect metadata (v2 and v1), the JWKS, and what MSAL asks besides: instance discovery and
/// user realm. For common/organizations the issuer is Entra's literal <c>{tenantid}</c> template.
/// </summary>
internal static class DiscoveryEndpoints
{
    public static async Task<IResult> OpenIdConfigurationAsync(string tenant, HttpContext http, AuthorityResolver authorities, Issuers issuers, bool v2)
    {
        var (authority, error) = await authorities.ResolveAsync(tenant, http.RequestAborted);
        if (authority is null)
        {
            return new AadErrorResult(error!);
        }

        var origin = issuers.Origin(http.Request);
        var segment = authority.Tenant is { } t && authority.IsTenantSpecific ? t.Id.ToString() : authority.Segment;
        var issuerTenant = authority.Tenant?.Id.ToString() ?? "{tenantid}";
        var issuer = v2 ? $"{origin}/{issuerTenant}/v2.0" : $"{origin}/{issuerTenant}/";
        var oauth = v2 ? $"{origin}/{segment}/oauth2/v2.0" : $"{origin}/{segment}/oauth2";
        var document = new Dictionary<string, object?>
        {
            ["token_endpoint"] = $"{oauth}/token",
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "private_key_jwt", "client_secret_basic" },
            ["jwks_uri"] = v2 ? $"{origin}/{segment}/discovery/v2.0/keys" : $"{origin}/{segment}/discovery/keys",
            ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
            ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
            ["issuer"] = issuer,
            ["request_uri_parameter_supported"] = false,
            ["userinfo_endpoint"] = $"{origin}/oidc/userinfo",
            ["authorization_endpoint"] = $"{oauth}/authorize",
            ["device_authorization_endpoint"] = $"{oauth}/devicecode",
            ["http_logout_supported"] = true,
            ["frontchannel_logout_supported"] = true,
            ["end_session_endpoint"] = $"{oauth}/logout",
            ["claims_supported"] = new[] { "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email" },
            ["kerberos_endpoint"] = $"{origin}/{segment}/kerberos",
            ["tenant_region_scope"] = null,
            ["cloud_instance_name"] = "microsoftonline.com",
            ["cloud_graph_host_name"] = "graph.windows.net",
            ["msgraph_host"] = "graph.microsoft.com",
            ["rbac_url"] = "https://pas.windows.net",
        };
        if (!v2)
        {
            document["microsoft_multi_refresh_token"] = true;
            document["check_session_iframe"] = $"{oauth}/checksession";
        }

        return Results.Json(document, LoginJson.Options);
    }

    public static async Task<IResult> KeysAsync(string tenant, HttpContext http, AuthorityResolver authorities, SigningKeyRing ring, Issuers issuers, bool v2)
    {
        var (authority, error) = await authorities.ResolveAsync(tenant, http.RequestAborted);
        if (authority is null)
        {
            return new AadErrorResult(error!);
        }

        var origin = issuers.Origin(http.Request);
        var issuerTenant = authority.Tenant?.Id.ToString() ?? "{tenantid}";
        var issuer = v2 ? $"{origin}/{issuerTenant}/v2.0" : $"{origin}/{issuerTenant}/";
        return Jwks.Result(await ring.GetKeysAsync(http.RequestAborted), issuer, http.Response, TimeSpan.FromDays(1));
    }

    /// <summary>
    /// <c>/common/discovery/instance</c>: MSAL's instance (alias) discovery, answered for this host so
    /// clients that don't turn discovery off still work offline.
    /// </summary>
    public static IResult Instance(HttpContext http, Issuers issuers)
    {
        var origin = issuers.Origin(http.Request);
        var host = new Uri(origin).Authority;
        string? endpoint = http.Request.Query["authorization_endpoint"];
        var tenant = "common";
        if (endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Segments.Length > 1)
        {
            tenant = uri.Segments[1].TrimEnd('/');
        }

        return Results.Json(new Dictionary<string, object>
        {
            ["tenant_discovery_endpoint"] = $"{origin}/{tenant}/v2.0/.well-known/openid-configuration",
            ["api-version"] = "1.1",
            ["metadata"] = new[] { new { preferred_network = host, preferred_cache = host, aliases = new[] { host } } },
        });
    }

    /// <summary><c>/common/userrealm/{upn}</c>: MSAL.NET asks it before a password grant. Every known domain is managed.</summary>
    public static async Task<IResult> UserRealmAsync(string upn, HttpContext http, IDirectory directory)
    {
        var at = upn.LastIndexOf('@');
        var domain = at >= 0 ? upn[(at + 1)..] : upn;
        var known = await directory.FindTenantAsync(domain, http.RequestAborted) is not null
            || await directory.FindUserAsync(upn, http.RequestAborted) is not null;
        return Results.Json(new Dictionary<string, string>
        {
            ["ver"] = "1.0",
            ["account_type"] = known ? "Managed" : "Unknown",
            ["domain_name"] = domain,
            ["cloud_instance_name"] = "microsoftonline.com",
            ["cloud_audience_urn"] = "urn:federation:MicrosoftOnline",
        });
    }

    /// <summary><c>/error?code=n</c>: the page behind every <c>error_uri</c>.</summary>
    public static IResult ErrorCode(HttpContext http)
    {
        var code = http.Request.Query["code"].ToString();
        return LoginPages.Message($"AADSTS{code}", $"Switchboard returned AADSTS{code}. The error_description of the response names the Switchboard check that failed; docs/errors.md lists every code.");
    }
}

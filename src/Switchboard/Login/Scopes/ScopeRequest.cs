using Switchboard.Directory;
using Switchboard.Directory.Model;

namespace Switchboard.Login.Scopes;

/// <summary>Scopes for one resource, as requested (<see cref="RequestedAs"/> keeps the identifier the client used: it becomes a v1 <c>aud</c>).</summary>
internal sealed record ResourceScopes(Application Resource, string RequestedAs, IReadOnlyList<string> Values, bool IsDefault)
{
    public bool IsGraph => Resource.AppId == FirstPartyApplications.GraphAppId;

    /// <summary>The scope strings as the token response's <c>scope</c> lists them.</summary>
    public IEnumerable<string> Qualified(IEnumerable<string> values)
        => IsGraph ? values : values.Select(v => $"{RequestedAs}/{v}");
}

/// <summary>A parsed <c>scope</c> parameter: OpenID Connect scopes and, per resource, its permissions.</summary>
internal sealed record ScopeRequest(IReadOnlySet<string> Oidc, IReadOnlyList<ResourceScopes> Resources, string Raw)
{
    public bool OpenId => Oidc.Contains("openid");

    public bool OfflineAccess => Oidc.Contains("offline_access");

    /// <summary>The resource a token request is for (one per request; Entra takes the first).</summary>
    public ResourceScopes? Primary => Resources.Count > 0 ? Resources[0] : null;
}

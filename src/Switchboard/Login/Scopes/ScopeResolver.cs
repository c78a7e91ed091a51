using Switchboard.Directory;
using Switchboard.Login.Errors;

namespace Switchboard.Login.Scopes;

/// <summary>
/// Parses a <c>scope</c> parameter: fully qualified permissions, <c>.default</c>, bare names (Microsoft
/// Graph) and the OpenID Connect scopes. Each permission must be one its resource exposes.
/// </summary>
internal sealed class ScopeResolver(IDirectory directory)
{
    public async Task<(ScopeRequest? Request, AadError? Error)> ResolveAsync(string? scope, string tenantName, CancellationToken cancellationToken)
    {
        var items = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
        {
            return (null, AadErrors.ScopeEmpty());
        }

        var oidc = new HashSet<string>(StringComparer.Ordinal);
        var resources = new List<(Directory.Model.Application App, string As, List<string> Values, bool Default)>();
        foreach (var item in items)
        {
            if (FirstPartyApplications.OidcScopes.Contains(item))
            {
                oidc.Add(item);
                continue;
            }

            var permission = QualifiedPermission.Parse(item);
            var index = resources.FindIndex(r => string.Equals(r.As, permission.Resource, StringComparison.OrdinalIgnoreCase) || r.App.AppId.ToString() == permission.Resource);
            if (index < 0)
            {
                var app = await directory.FindResourceAsync(permission.Resource, cancellationToken);
                if (app is null)
                {
                    return (null, AadErrors.ResourceNotFound(permission.Resource, tenantName));
                }

                index = resources.FindIndex(r => r.App.AppId == app.AppId);
                if (index < 0)
                {
                    resources.Add((app, permission.Resource, [], false));
                    index = resources.Count - 1;
                }
            }

            var entry = resources[index];
            if (permission.IsDefault)
            {
                if (entry.Values.Count > 0)
                {
                    return (null, AadErrors.InvalidScope(item, "'.default' cannot be combined with other permissions of the same resource."));
                }

                resources[index] = entry with { Default = true };
                continue;
            }

            if (entry.Default)
            {
                return (null, AadErrors.InvalidScope(item, "'.default' cannot be combined with other permissions of the same resource."));
            }

            if (!entry.App.Scopes.Any(s => s.Value == permission.Value))
            {
                return (null, AadErrors.InvalidScope(item, $"{entry.App.DisplayName} exposes no delegated permission '{permission.Value}'."));
            }

            if (!entry.Values.Contains(permission.Value))
            {
                entry.Values.Add(permission.Value);
            }
        }

        var result = resources.Select(r => new ResourceScopes(r.App, r.As, r.Values, r.Default)).ToList();
        return (new ScopeRequest(oidc, result, scope!), null);
    }
}

using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Errors;

namespace Switchboard.Login;

internal enum AuthorityKind
{
    Common,
    Organizations,
    Consumers,
    Tenant,
}

/// <summary>The <c>{tenant}</c> path segment, resolved: <c>common</c>, <c>organizations</c>, <c>consumers</c>, or one tenant.</summary>
internal sealed record Authority(AuthorityKind Kind, string Segment, Tenant? Tenant)
{
    public bool IsTenantSpecific => Kind == AuthorityKind.Tenant;

    /// <summary>Whether a user of <paramref name="userTenantId"/> may sign in under this authority.</summary>
    public bool Admits(Guid userTenantId) => Kind switch
    {
        AuthorityKind.Common => true,
        AuthorityKind.Organizations => userTenantId != FirstPartyApplications.ConsumersTenantId,
        AuthorityKind.Consumers => userTenantId == FirstPartyApplications.ConsumersTenantId,
        _ => Tenant!.Id == userTenantId,
    };
}

internal sealed class AuthorityResolver(IDirectory directory)
{
    public async Task<(Authority? Authority, AadError? Error)> ResolveAsync(string segment, CancellationToken cancellationToken)
    {
        switch (segment.ToLowerInvariant())
        {
            case "common":
                return (new Authority(AuthorityKind.Common, "common", null), null);
            case "organizations":
                return (new Authority(AuthorityKind.Organizations, "organizations", null), null);
            case "consumers":
                return (new Authority(AuthorityKind.Consumers, "consumers", await directory.GetTenantAsync(FirstPartyApplications.ConsumersTenantId, cancellationToken)), null);
        }

        if (Guid.TryParse(segment, out var id) && id == FirstPartyApplications.ConsumersTenantId)
        {
            // The personal-account tenant's GUID is an alias of /consumers.
            return (new Authority(AuthorityKind.Consumers, segment, await directory.GetTenantAsync(id, cancellationToken)), null);
        }

        var tenant = await directory.FindTenantAsync(segment, cancellationToken);
        if (tenant is null || tenant.Id == FirstPartyApplications.MicrosoftServicesTenantId)
        {
            return (null, AadErrors.TenantNotFound(segment));
        }

        return (new Authority(AuthorityKind.Tenant, segment, tenant), null);
    }
}

using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Errors;

namespace Switchboard.Login;

/// <summary>Who may sign in to which app under which authority (entra-oauth.md §7.2 step 1).</summary>
internal static class SignInRules
{
    /// <summary>Checks a client against the authority before any user is known.</summary>
    public static AadError? CheckClientForAuthority(Authority authority, Application client)
    {
        // Check: MultiTenantAppForCommonAuthority — single-tenant apps must name their tenant.
        if (!authority.IsTenantSpecific && authority.Kind != AuthorityKind.Consumers && !SignInAudiences.IsMultiTenant(client.SignInAudience))
        {
            return AadErrors.NotMultiTenant(client.AppId, client.DisplayName);
        }

        // Check: KnownClient — a single-tenant app does not exist in other tenants.
        if (authority.IsTenantSpecific && !SignInAudiences.IsMultiTenant(client.SignInAudience) && authority.Tenant!.Id != client.HomeTenantId)
        {
            return AadErrors.ClientNotFound(client.AppId.ToString(), authority.Segment);
        }

        // Check: AppAllowsPersonalAccounts — /consumers serves only apps open to personal accounts.
        if (authority.Kind == AuthorityKind.Consumers && !SignInAudiences.AllowsPersonal(client.SignInAudience))
        {
            return AadErrors.OrgAppOnConsumers(client.AppId, client.DisplayName);
        }

        return null;
    }

    /// <summary>Checks a user (already authenticated) against the authority and the client's audience.</summary>
    public static AadError? CheckUser(Authority authority, DirectoryUser user, Application client)
    {
        var personal = user.TenantId == FirstPartyApplications.ConsumersTenantId;
        if (personal && (!SignInAudiences.AllowsPersonal(client.SignInAudience) || authority.Kind == AuthorityKind.Organizations))
        {
            return AadErrors.PersonalAccountNotSupported(user.UserPrincipalName);
        }

        if (!authority.Admits(user.TenantId))
        {
            return AadErrors.UserNotInTenant(user.UserPrincipalName, authority.Tenant?.Id.ToString() ?? authority.Segment, client.AppId, client.DisplayName);
        }

        if (!SignInAudiences.IsMultiTenant(client.SignInAudience) && user.TenantId != client.HomeTenantId)
        {
            return AadErrors.UserNotInTenant(user.UserPrincipalName, client.HomeTenantId.ToString(), client.AppId, client.DisplayName);
        }

        return null;
    }
}

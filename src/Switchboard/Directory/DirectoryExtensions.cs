using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Directory;
using Switchboard.Directory.Graph;
using Switchboard.Directory.Seed;
using Switchboard.Graph;
using Switchboard.Hosting;
using Switchboard.Storage;

namespace Microsoft.Extensions.DependencyInjection;

internal static class DirectoryExtensions
{
    /// <summary>Tenants, users, app registrations, service principals and consent, with the seed applied at start.</summary>
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddServiceDbContext<DirectoryDb>();
        services.TryAddSingleton<DirectorySnapshot>();
        services.TryAddScoped<IDirectory, DirectoryService>();
        services.TryAddScoped<IDirectoryAdmin, DirectoryAdminService>();
        services.TryAddScoped<SeedApplier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupTask, MigrateTask<DirectoryDb>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupTask, ApplySeedTask>());
        services.AddGraphProtocol();
        return services;
    }

    /// <summary>The directory's Graph endpoints: the user reads a chat app needs.</summary>
    public static IEndpointRouteBuilder MapDirectory(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGraphGroup();
        v1.MapGet("/me", UserEndpoints.MeAsync).Requires(UserEndpoints.ReadMe);
        v1.MapGet("/users", UserEndpoints.ListAsync).Requires(UserEndpoints.ReadUsers);
        v1.MapGet("/users/{idOrUpn}", UserEndpoints.GetAsync).Requires(UserEndpoints.ReadUsers);
        MapAdministration(v1);
        return endpoints;
    }

    /// <summary>The directory's administration in Graph's shape (docs/admin.md), what the admin portal uses.</summary>
    private static void MapAdministration(RouteGroupBuilder v1)
    {
        v1.MapPost("/users", UserAdminEndpoints.CreateAsync).Requires(UserAdminEndpoints.WriteUsers);
        v1.MapPatch("/users/{idOrUpn}", UserAdminEndpoints.UpdateAsync).Requires(UserAdminEndpoints.WriteUsers);
        v1.MapDelete("/users/{idOrUpn}", UserAdminEndpoints.DeleteAsync).Requires(UserAdminEndpoints.WriteUsers);
        v1.MapPost("/users/{idOrUpn}/assignLicense", UserAdminEndpoints.AssignLicenseAsync).Requires(UserAdminEndpoints.WriteUsers);
        v1.MapGet("/subscribedSkus", UserAdminEndpoints.SubscribedSkusAsync).Requires(UserAdminEndpoints.ReadSkus);

        v1.MapGet("/directoryRoles", DirectoryRoleEndpoints.List).Requires(DirectoryRoleEndpoints.ReadRoles);
        v1.MapGet("/directoryRoles/{roleId}/members", DirectoryRoleEndpoints.MembersAsync).Requires(DirectoryRoleEndpoints.ReadRoles);
        v1.MapPost("/directoryRoles/{roleId}/members/$ref", DirectoryRoleEndpoints.AddMemberAsync).Requires(DirectoryRoleEndpoints.WriteRoles);
        v1.MapDelete("/directoryRoles/{roleId}/members/{memberId}/$ref", DirectoryRoleEndpoints.RemoveMemberAsync).Requires(DirectoryRoleEndpoints.WriteRoles);

        v1.MapGet("/applications", ApplicationEndpoints.ListAsync).Requires(ApplicationEndpoints.ReadApps);
        v1.MapPost("/applications", ApplicationEndpoints.CreateAsync).Requires(ApplicationEndpoints.WriteApps);
        v1.MapGet("/applications(appId='{appId}')", ApplicationEndpoints.GetByAppIdAsync).Requires(ApplicationEndpoints.ReadApps);
        v1.MapGet("/applications/{id}", ApplicationEndpoints.GetAsync).Requires(ApplicationEndpoints.ReadApps);
        v1.MapPatch("/applications/{id}", ApplicationEndpoints.UpdateAsync).Requires(ApplicationEndpoints.WriteApps);
        v1.MapDelete("/applications/{id}", ApplicationEndpoints.DeleteAsync).Requires(ApplicationEndpoints.WriteApps);
        v1.MapPost("/applications/{id}/addPassword", ApplicationEndpoints.AddPasswordAsync).Requires(ApplicationEndpoints.WriteApps);
        v1.MapPost("/applications/{id}/removePassword", ApplicationEndpoints.RemovePasswordAsync).Requires(ApplicationEndpoints.WriteApps);

        v1.MapGet("/servicePrincipals", ServicePrincipalEndpoints.ListAsync).Requires(ApplicationEndpoints.ReadApps);
        v1.MapPost("/servicePrincipals", ServicePrincipalEndpoints.CreateAsync).Requires(ApplicationEndpoints.WriteApps);
        v1.MapGet("/servicePrincipals(appId='{appId}')", ServicePrincipalEndpoints.GetByAppIdAsync).Requires(ApplicationEndpoints.ReadApps);
        v1.MapGet("/servicePrincipals/{id}", ServicePrincipalEndpoints.GetAsync).Requires(ApplicationEndpoints.ReadApps);
        v1.MapDelete("/servicePrincipals/{id}", ServicePrincipalEndpoints.DeleteAsync).Requires(ApplicationEndpoints.WriteApps);
        v1.MapGet("/servicePrincipals/{id}/oauth2PermissionGrants", ServicePrincipalEndpoints.GrantsAsync).Requires(PermissionGrantEndpoints.ReadGrants);

        v1.MapGet("/oauth2PermissionGrants", PermissionGrantEndpoints.ListAsync).Requires(PermissionGrantEndpoints.ReadGrants);
        v1.MapPost("/oauth2PermissionGrants", PermissionGrantEndpoints.CreateAsync).Requires(PermissionGrantEndpoints.WriteGrants);
        v1.MapGet("/oauth2PermissionGrants/{id}", PermissionGrantEndpoints.GetAsync).Requires(PermissionGrantEndpoints.ReadGrants);
        v1.MapPatch("/oauth2PermissionGrants/{id}", PermissionGrantEndpoints.UpdateAsync).Requires(PermissionGrantEndpoints.WriteGrants);
        v1.MapDelete("/oauth2PermissionGrants/{id}", PermissionGrantEndpoints.DeleteAsync).Requires(PermissionGrantEndpoints.WriteGrants);

        v1.MapGet("/policies/authorizationPolicy", AuthorizationPolicyEndpoints.GetAsync).Requires(AuthorizationPolicyEndpoints.ReadPolicy);
        v1.MapPatch("/policies/authorizationPolicy", AuthorizationPolicyEndpoints.UpdateAsync).Requires(AuthorizationPolicyEndpoints.WritePolicy);
    }

    private sealed class ApplySeedTask(Microsoft.Extensions.Options.IOptions<SwitchboardOptions> options) : IStartupTask
    {
        public int Order => StartupOrder.Seed;

        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
            => services.GetRequiredService<SeedApplier>().ApplyAsync(SeedApplier.Load(options.Value.Seed), cancellationToken);
    }
}

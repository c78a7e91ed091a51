using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Communication.Auth;
using Switchboard.Communication.Endpoints;
using Switchboard.Communication.Model;
using Switchboard.Communication.Storage;
using Switchboard.Directory;
using Switchboard.Hosting;

namespace Switchboard.Communication.Seed;

/// <summary>The seed's <c>communicationResources</c> section (docs/seed.md).</summary>
internal sealed record CommunicationSeed
{
    public List<SeedCommunicationResource> CommunicationResources { get; init; } = [];
}

internal sealed record SeedCommunicationResource
{
    public Guid Id { get; init; }

    /// <summary>The owning tenant: id or verified domain.</summary>
    public string Tenant { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>Base64; generated when absent and then kept.</summary>
    public string? AccessKey { get; init; }

    public string? SecondaryKey { get; init; }

    public List<SeedRoleAssignment> RoleAssignments { get; init; } = [];
}

/// <summary>An Entra principal allowed to call the resource with a bearer token: an app (<c>appId</c>) or a user (<c>user</c>: UPN).</summary>
internal sealed record SeedRoleAssignment
{
    public string Tenant { get; init; } = "";

    public Guid? AppId { get; init; }

    public string? User { get; init; }

    public string Role { get; init; } = CommunicationRoles.Contributor;
}

/// <summary>Applies the communication section of the seed after the directory's (it names tenants and users).</summary>
internal sealed class CommunicationSeedTask(IOptions<SwitchboardOptions> options, ResourceCache cache, TimeProvider time) : IStartupTask
{
    public int Order => StartupOrder.Seed + 10;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var seed = JsonSerializer.Deserialize<CommunicationSeed>(SeedSource.ReadJson(options.Value.Seed), Directory.Seed.SeedApplier.JsonOptions) ?? new();
        var db = services.GetRequiredService<CommunicationDb>();
        var directory = services.GetRequiredService<IDirectory>();
        foreach (var entry in seed.CommunicationResources)
        {
            var tenant = await directory.FindTenantAsync(entry.Tenant, cancellationToken)
                ?? throw new InvalidOperationException($"Communication resource '{entry.Name}' names tenant '{entry.Tenant}', which the seed does not define.");
            if (entry.Id == Guid.Empty || string.IsNullOrWhiteSpace(entry.Name))
            {
                throw new InvalidOperationException("Every communication resource in the seed needs an 'id' (GUID) and a 'name'.");
            }

            foreach (var key in new[] { entry.AccessKey, entry.SecondaryKey }.Where(k => k is not null))
            {
                if (!IsBase64(key!))
                {
                    throw new InvalidOperationException($"Communication resource '{entry.Name}': access keys must be base64 (the SDKs decode them into the HMAC key).");
                }
            }

            var resource = await db.Resources.FirstOrDefaultAsync(r => r.Id == entry.Id, cancellationToken);
            if (resource is null)
            {
                resource = new CommunicationResource
                {
                    Id = entry.Id,
                    Name = entry.Name,
                    TenantId = tenant.Id,
                    PrimaryKey = entry.AccessKey ?? CommunicationServiceEndpoints.NewKey(),
                    SecondaryKey = entry.SecondaryKey ?? CommunicationServiceEndpoints.NewKey(),
                    CreatedAt = time.GetUtcNow(),
                };
                db.Resources.Add(resource);
            }
            else
            {
                resource.Name = entry.Name;
                resource.TenantId = tenant.Id;
                resource.PrimaryKey = entry.AccessKey ?? resource.PrimaryKey;
                resource.SecondaryKey = entry.SecondaryKey ?? resource.SecondaryKey;
            }

            foreach (var assignment in entry.RoleAssignments)
            {
                var principalTenant = await directory.FindTenantAsync(assignment.Tenant, cancellationToken)
                    ?? throw new InvalidOperationException($"A role assignment on '{entry.Name}' names tenant '{assignment.Tenant}', which the seed does not define.");
                var principal = assignment.AppId
                    ?? (await directory.FindUserAsync(assignment.User ?? "", cancellationToken))?.Id
                    ?? throw new InvalidOperationException($"A role assignment on '{entry.Name}' needs an 'appId' or the 'user' principal name of a directory user.");
                var exists = await db.RoleAssignments.AnyAsync(a => a.ResourceId == resource.Id && a.PrincipalTenantId == principalTenant.Id && a.PrincipalId == principal && a.Role == assignment.Role, cancellationToken);
                if (!exists)
                {
                    db.RoleAssignments.Add(new CommunicationRoleAssignment { Id = Guid.NewGuid(), ResourceId = resource.Id, PrincipalTenantId = principalTenant.Id, PrincipalId = principal, Role = assignment.Role });
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
    }

    private static bool IsBase64(string value) => Convert.TryFromBase64String(value, new byte[value.Length], out _);
}

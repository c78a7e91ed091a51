using Microsoft.EntityFrameworkCore;
using Switchboard.Directory.Model;
using Switchboard.Storage;

namespace Switchboard.Directory;

/// <summary>The directory's own tables. Other services reach them only through <see cref="IDirectory"/>.</summary>
internal sealed class DirectoryDb(DbContextOptions<DirectoryDb> options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<DirectoryUser> Users => Set<DirectoryUser>();

    public DbSet<Application> Applications => Set<Application>();

    public DbSet<ClientSecret> ClientSecrets => Set<ClientSecret>();

    public DbSet<ServicePrincipal> ServicePrincipals => Set<ServicePrincipal>();

    public DbSet<PermissionGrant> PermissionGrants => Set<PermissionGrant>();

    public DbSet<AppRoleAssignment> AppRoleAssignments => Set<AppRoleAssignment>();

    public DbSet<SeedState> SeedStates => Set<SeedState>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
        => configurationBuilder.UseSwitchboardConventions();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>(e =>
        {
            e.ToTable("DirectoryTenants");
            e.HasKey(t => t.Id);
            e.Property(t => t.Domain).HasMaxLength(253);
            e.HasIndex(t => t.Domain).IsUnique();
            e.Property(t => t.DisplayName).HasMaxLength(256);
        });

        modelBuilder.Entity<DirectoryUser>(e =>
        {
            e.ToTable("DirectoryUsers");
            e.HasKey(u => u.Id);
            e.Property(u => u.UserPrincipalName).HasMaxLength(320);
            e.Property(u => u.NormalizedUpn).HasMaxLength(320);
            e.HasIndex(u => u.NormalizedUpn).IsUnique();
            e.HasIndex(u => u.TenantId);
            e.Property(u => u.DisplayName).HasMaxLength(256);
            e.Property(u => u.Roles).HasJsonConversion();
            e.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Application>(e =>
        {
            e.ToTable("DirectoryApplications");
            e.HasKey(a => a.ObjectId);
            e.HasIndex(a => a.AppId).IsUnique();
            e.Property(a => a.DisplayName).HasMaxLength(256);
            e.Property(a => a.SignInAudience).HasMaxLength(64);
            e.Property(a => a.RedirectUris).HasJsonConversion();
            e.Property(a => a.IdentifierUris).HasJsonConversion();
            e.Property(a => a.Scopes).HasJsonConversion();
            e.Property(a => a.AppRoles).HasJsonConversion();
            e.Property(a => a.RequiredResourceAccess).HasJsonConversion();
            e.HasMany(a => a.Secrets).WithOne().HasForeignKey(s => s.ApplicationObjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Tenant>().WithMany().HasForeignKey(a => a.HomeTenantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ClientSecret>(e =>
        {
            e.ToTable("DirectoryClientSecrets");
            e.HasKey(s => s.KeyId);
        });

        modelBuilder.Entity<ServicePrincipal>(e =>
        {
            e.ToTable("DirectoryServicePrincipals");
            e.HasKey(s => s.Id);
            e.HasIndex(s => new { s.TenantId, s.AppId }).IsUnique();
            e.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PermissionGrant>(e =>
        {
            e.ToTable("DirectoryPermissionGrants");
            e.HasKey(g => g.Id);
            e.HasIndex(g => new { g.ClientId, g.ResourceId, g.ConsentType, g.PrincipalId }).IsUnique();
            e.HasOne<ServicePrincipal>().WithMany().HasForeignKey(g => g.ClientId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ServicePrincipal>().WithMany().HasForeignKey(g => g.ResourceId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SeedState>(e =>
        {
            e.ToTable("DirectorySeedState");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });

        modelBuilder.Entity<AppRoleAssignment>(e =>
        {
            e.ToTable("DirectoryAppRoleAssignments");
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.PrincipalId, a.ResourceId, a.AppRoleId }).IsUnique();
            e.HasOne<ServicePrincipal>().WithMany().HasForeignKey(a => a.PrincipalId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ServicePrincipal>().WithMany().HasForeignKey(a => a.ResourceId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

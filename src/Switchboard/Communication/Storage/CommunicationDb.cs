using Microsoft.EntityFrameworkCore;
using Switchboard.Communication.Model;
using Switchboard.Security;
using Switchboard.Storage;

namespace Switchboard.Communication.Storage;

/// <summary>The communication identity service's own tables.</summary>
internal sealed class CommunicationDb(DbContextOptions<CommunicationDb> options) : DbContext(options)
{
    public DbSet<CommunicationResource> Resources => Set<CommunicationResource>();

    public DbSet<CommunicationUser> Users => Set<CommunicationUser>();

    public DbSet<CommunicationRoleAssignment> RoleAssignments => Set<CommunicationRoleAssignment>();

    public DbSet<SigningKeyRecord> SigningKeys => Set<SigningKeyRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
        => configurationBuilder.UseSwitchboardConventions();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CommunicationResource>(e =>
        {
            e.ToTable("CommunicationResources");
            e.HasKey(r => r.Id);
            e.Property(r => r.Name).HasMaxLength(128);
            e.HasIndex(r => r.Name).IsUnique();
        });
        modelBuilder.Entity<CommunicationUser>(e =>
        {
            e.ToTable("CommunicationUsers");
            e.HasKey(u => new { u.ResourceId, u.LocalId });
            e.Property(u => u.LocalId).HasMaxLength(64);
            e.Property(u => u.CustomId).HasMaxLength(256);
            e.HasIndex(u => new { u.ResourceId, u.CustomId }).IsUnique();
            e.HasOne<CommunicationResource>().WithMany().HasForeignKey(u => u.ResourceId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CommunicationRoleAssignment>(e =>
        {
            e.ToTable("CommunicationRoleAssignments");
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.ResourceId, a.PrincipalTenantId, a.PrincipalId, a.Role }).IsUnique();
            e.HasOne<CommunicationResource>().WithMany().HasForeignKey(a => a.ResourceId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SigningKeyRecord>(e =>
        {
            e.ToTable("CommunicationSigningKeys");
            e.HasKey(k => k.Kid);
        });
    }
}

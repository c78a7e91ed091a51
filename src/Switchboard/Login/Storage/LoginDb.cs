using Microsoft.EntityFrameworkCore;
using Switchboard.Security;
using Switchboard.Storage;

namespace Switchboard.Login.Storage;

/// <summary>The sign-in service's own state: signing keys, codes, refresh tokens, device codes, sessions.</summary>
internal sealed class LoginDb(DbContextOptions<LoginDb> options) : DbContext(options)
{
    public DbSet<SigningKeyRecord> SigningKeys => Set<SigningKeyRecord>();

    public DbSet<AuthorizationCodeRecord> AuthorizationCodes => Set<AuthorizationCodeRecord>();

    public DbSet<RefreshTokenRecord> RefreshTokens => Set<RefreshTokenRecord>();

    public DbSet<DeviceCodeRecord> DeviceCodes => Set<DeviceCodeRecord>();

    public DbSet<SessionRecord> Sessions => Set<SessionRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
        => configurationBuilder.UseSwitchboardConventions();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SigningKeyRecord>(e =>
        {
            e.ToTable("LoginSigningKeys");
            e.HasKey(k => k.Kid);
        });
        modelBuilder.Entity<AuthorizationCodeRecord>(e =>
        {
            e.ToTable("LoginAuthorizationCodes");
            e.HasKey(c => c.Id);
            e.HasIndex(c => c.ExpiresAt);
        });
        modelBuilder.Entity<RefreshTokenRecord>(e =>
        {
            e.ToTable("LoginRefreshTokens");
            e.HasKey(t => t.Id);
            e.HasIndex(t => t.FamilyId);
            e.HasIndex(t => t.UserId);
            e.HasIndex(t => t.ExpiresAt);
        });
        modelBuilder.Entity<DeviceCodeRecord>(e =>
        {
            e.ToTable("LoginDeviceCodes");
            e.HasKey(d => d.Id);
            e.HasIndex(d => d.UserCode);
            e.HasIndex(d => d.ExpiresAt);
        });
        modelBuilder.Entity<SessionRecord>(e =>
        {
            e.ToTable("LoginSessions");
            e.HasKey(s => s.Id);
            e.HasIndex(s => s.UserId);
        });
    }
}

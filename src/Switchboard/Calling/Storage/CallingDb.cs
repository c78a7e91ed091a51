using Microsoft.EntityFrameworkCore;
using Switchboard.Calling.Forwarding;
using Switchboard.Storage;

namespace Switchboard.Calling.Storage;

/// <summary>The calling service's own tables: what must outlive a restart (calls themselves live in memory).</summary>
internal sealed class CallingDb(DbContextOptions<CallingDb> options) : DbContext(options)
{
    public DbSet<ForwardingRecord> Forwarding => Set<ForwardingRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
        => configurationBuilder.UseSwitchboardConventions();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ForwardingRecord>(e =>
        {
            e.ToTable("CallForwarding");
            e.HasKey(f => f.RawId);
            e.Property(f => f.RawId).HasMaxLength(256);
            e.Property(f => f.Immediate).HasMaxLength(256);
            e.Property(f => f.Unanswered).HasMaxLength(256);
            e.Property(f => f.Busy).HasMaxLength(256);
        });
    }
}

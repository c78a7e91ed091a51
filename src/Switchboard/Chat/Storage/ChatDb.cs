using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Model;
using Switchboard.Storage;

namespace Switchboard.Chat.Storage;

/// <summary>The chat service's own tables.</summary>
internal sealed class ChatDb(DbContextOptions<ChatDb> options) : DbContext(options)
{
    public DbSet<ChatThread> Chats => Set<ChatThread>();

    public DbSet<ChatMember> Members => Set<ChatMember>();

    public DbSet<ChatMessageRecord> Messages => Set<ChatMessageRecord>();

    public DbSet<ChatSubscription> Subscriptions => Set<ChatSubscription>();

    public DbSet<OnlineMeetingRecord> Meetings => Set<OnlineMeetingRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
        => configurationBuilder.UseSwitchboardConventions();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ChatThread>(e =>
        {
            e.ToTable("ChatThreads");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasMaxLength(160);
            e.Property(c => c.Type).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.Topic).HasMaxLength(256);
            e.Property(c => c.JoinWebUrl).HasMaxLength(2048);
        });
        modelBuilder.Entity<ChatMember>(e =>
        {
            e.ToTable("ChatMembers");
            e.HasKey(m => new { m.ChatId, m.UserId });
            e.HasIndex(m => m.MembershipId).IsUnique();
            e.HasIndex(m => m.UserId);
            e.Property(m => m.Roles).HasJsonConversion();
            e.HasOne<ChatThread>().WithMany().HasForeignKey(m => m.ChatId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ChatMessageRecord>(e =>
        {
            e.ToTable("ChatMessages");
            e.HasKey(m => new { m.ChatId, m.Id });
            e.HasIndex(m => new { m.ChatId, m.LastModifiedAt, m.Id });
            e.Property(m => m.Reactions).HasJsonConversion();
            e.Property(m => m.History).HasJsonConversion();
            e.HasOne<ChatThread>().WithMany().HasForeignKey(m => m.ChatId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ChatSubscription>(e =>
        {
            e.ToTable("ChatSubscriptions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Target).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(s => s.ChatId);
            e.HasIndex(s => s.UserId);
        });
        modelBuilder.Entity<OnlineMeetingRecord>(e =>
        {
            e.ToTable("ChatMeetings");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).HasMaxLength(400);
            e.Property(m => m.ThreadId).HasMaxLength(160);
            e.HasIndex(m => m.ThreadId).IsUnique();
            e.HasIndex(m => m.JoinMeetingId).IsUnique();
            e.HasIndex(m => m.OrganizerId);
            e.Property(m => m.Subject).HasMaxLength(256);
            e.Property(m => m.OrganizerName).HasMaxLength(256);
            e.Property(m => m.OrganizerUpn).HasMaxLength(256);
            e.Property(m => m.JoinWebUrl).HasMaxLength(2048);
            e.Property(m => m.JoinMeetingId).HasMaxLength(16);
            e.Property(m => m.Passcode).HasMaxLength(16);
            e.Property(m => m.Attendees).HasJsonConversion();
            e.HasOne<ChatThread>().WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

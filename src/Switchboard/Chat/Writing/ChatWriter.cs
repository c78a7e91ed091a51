using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Events;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;

namespace Switchboard.Chat.Writing;

/// <summary>
/// Every chat write goes through one writer that commits in groups: requests that arrive while a
/// commit is in flight share the next transaction, so each 201 waits for its fsync (synchronous=FULL)
/// without paying one fsync per message. Each work item runs behind its own savepoint (EF Core makes
/// one per SaveChanges inside a transaction), so one failing item does not fail its neighbours.
/// Events are published only after the commit that made them true.
/// </summary>
internal sealed partial class ChatWriter : BackgroundService
{
    private const int MaxBatch = 256;
    private static readonly TimeSpan RosterLifetime = TimeSpan.FromSeconds(5);

    private readonly Channel<IWorkItem> queue = Channel.CreateBounded<IWorkItem>(new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IServiceScopeFactory scopes;
    private readonly ChatEventBus bus;
    private readonly TimeProvider time;
    private readonly ILogger<ChatWriter> logger;
    private readonly Dictionary<string, long> lastMessageIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (List<ChatMember> Members, DateTimeOffset Loaded)> rosters = new(StringComparer.Ordinal);
    private long idFloor;

    public ChatWriter(IServiceScopeFactory scopes, ChatEventBus bus, TimeProvider time, ILogger<ChatWriter> logger)
    {
        this.scopes = scopes;
        this.bus = bus;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Runs <paramref name="work"/> in the next group commit and returns its value once it is on disk.</summary>
    public async Task<T> WriteAsync<T>(Func<ChatDb, WriteScope, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var item = new WorkItem<T>(work);
        await queue.Writer.WriteAsync(item, cancellationToken);
        return await item.Completion.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await InitializeIdsAsync(stoppingToken);
        var batch = new List<IWorkItem>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            await CommitAsync(batch, stoppingToken);
        }
    }

    private async Task InitializeIdsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDb>();
        idFloor = await db.Messages.Select(m => (long?)m.Id).MaxAsync(cancellationToken) ?? 0;
    }

    private async Task CommitAsync(List<IWorkItem> batch, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDb>();
        var succeeded = new List<(IWorkItem Item, WriteScope Scope)>(batch.Count);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
            foreach (var item in batch)
            {
                var writeScope = new WriteScope(this, Milliseconds(time.GetUtcNow()));
                try
                {
                    await item.RunAsync(db, writeScope, stoppingToken);
                    await db.SaveChangesAsync(stoppingToken);
                    succeeded.Add((item, writeScope));
                }
                catch (Exception e) when (e is DbUpdateException or InvalidOperationException or ArgumentException or FormatException)
                {
                    // EF Core rolled back to the savepoint it took for this SaveChanges; cached rosters may hold its changes.
                    LogItemFailed(logger, e);
                    rosters.Clear();
                    item.Fail(e);
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }

            await transaction.CommitAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            rosters.Clear();

            // Nothing of this batch is stored: every request in it fails (those already failed keep their error).
            LogCommitFailed(logger, e, batch.Count);
            foreach (var item in batch)
            {
                item.Fail(e);
            }

            return;
        }

        foreach (var (item, writeScope) in succeeded)
        {
            if (writeScope.Events.Count > 0)
            {
                bus.Publish(writeScope.Events);
            }

            item.Complete();
        }
    }

    /// <summary>Graph's instants have millisecond precision; storing and answering the same value keeps reads equal to the 201.</summary>
    private static DateTimeOffset Milliseconds(DateTimeOffset now) => new(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "A chat write failed and was rolled back to its savepoint.")]
    private static partial void LogItemFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "A chat group commit of {Count} writes failed; none of them is stored.")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int count);

    /// <summary>What a work item may use: the commit's clock, message ids, and events to publish after commit.</summary>
    internal sealed class WriteScope(ChatWriter writer, DateTimeOffset now)
    {
        public DateTimeOffset Now { get; } = now;

        public List<ChatEvent> Events { get; } = [];

        /// <summary>
        /// Epoch milliseconds (Graph's message id format), strictly increasing within a chat. Unique per chat
        /// only, as Graph's are, so ids stay on the clock unless one chat gets more than a message per
        /// millisecond; above the largest id stored before this start, in case the clock went back.
        /// </summary>
        public long NextMessageId(string chatId)
        {
            var last = writer.lastMessageIds.GetValueOrDefault(chatId, writer.idFloor);
            var next = Math.Max(last + 1, Now.ToUnixTimeMilliseconds());
            if (writer.lastMessageIds.Count > 100_000)
            {
                writer.lastMessageIds.Clear();
                writer.idFloor = Math.Max(writer.idFloor, next);
            }

            writer.lastMessageIds[chatId] = next;
            return next;
        }

        /// <summary>
        /// A chat's members, from the writer's cache: every roster change on this node goes through the writer
        /// and calls <see cref="MembersChanged"/>; entries also expire after a few seconds, which bounds how long
        /// another node's change can go unseen. Returned members are untracked; callers attach what they change.
        /// </summary>
        public async Task<List<ChatMember>> MembersAsync(ChatDb db, string chatId, CancellationToken cancellationToken)
        {
            if (writer.rosters.TryGetValue(chatId, out var cached) && Now - cached.Loaded < RosterLifetime)
            {
                return cached.Members;
            }

            var members = await db.Members.AsNoTracking().Where(m => m.ChatId == chatId).ToListAsync(cancellationToken);
            if (writer.rosters.Count > 10_000)
            {
                writer.rosters.Clear();
            }

            writer.rosters[chatId] = (members, Now);
            return members;
        }

        public void MembersChanged(string chatId) => writer.rosters.Remove(chatId);

        public void Publish(ChatEvent chatEvent) => Events.Add(chatEvent);
    }

    private interface IWorkItem
    {
        Task RunAsync(ChatDb db, WriteScope scope, CancellationToken cancellationToken);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class WorkItem<T>(Func<ChatDb, WriteScope, CancellationToken, Task<T>> work) : IWorkItem
    {
        private T? result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(ChatDb db, WriteScope scope, CancellationToken cancellationToken) => result = await work(db, scope, cancellationToken);

        public void Complete() => Completion.TrySetResult(result!);

        public void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}

using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Switchboard.Chat.Events;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;

namespace Switchboard.Chat.Writing;

/// <summary>
/// Every chat write goes through one writer that commits in groups: requests that arrive while a
/// commit is in flight share the next transaction, so each 201 waits for its fsync (synchronous=FULL)
/// without paying one fsync per message. A failing item does not fail its neighbours: the batch is
/// rolled back and run again item by item.
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

    /// <summary>
    /// Runs the batch in one transaction. Without savepoints (they cost as much as the insert): if an item
    /// throws, the whole transaction is rolled back and every item is run again on its own, so only the
    /// failing one fails.
    /// </summary>
    private async Task CommitAsync(List<IWorkItem> batch, CancellationToken stoppingToken)
    {
        var (committed, failure) = await TryCommitAsync(batch, stoppingToken);
        if (committed is not null)
        {
            Complete(committed);
            return;
        }

        rosters.Clear();
        if (batch.Count == 1)
        {
            LogItemFailed(logger, failure!);
            batch[0].Fail(failure!);
            return;
        }

        foreach (var item in batch)
        {
            var (alone, error) = await TryCommitAsync([item], stoppingToken);
            if (alone is not null)
            {
                Complete(alone);
            }
            else
            {
                rosters.Clear();
                LogItemFailed(logger, error!);
                item.Fail(error!);
            }
        }
    }

    private async Task<(List<(IWorkItem Item, WriteScope Scope)>? Committed, Exception? Failure)> TryCommitAsync(List<IWorkItem> batch, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDb>();
        db.Database.AutoSavepointsEnabled = false;
        var done = new List<(IWorkItem Item, WriteScope Scope)>(batch.Count);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
            foreach (var item in batch)
            {
                var writeScope = new WriteScope(this, Milliseconds(time.GetUtcNow()));
                await item.RunAsync(db, writeScope, stoppingToken);
                await db.SaveChangesAsync(stoppingToken);
                db.ChangeTracker.Clear();
                done.Add((item, writeScope));
            }

            await transaction.CommitAsync(stoppingToken);
            return (done, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Disposing the transaction rolls it back: nothing of this attempt is stored.
            return (null, e);
        }
    }

    private void Complete(List<(IWorkItem Item, WriteScope Scope)> committed)
    {
        foreach (var (item, writeScope) in committed)
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

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "A chat write failed on its own and was rolled back.")]
    private static partial void LogItemFailed(ILogger logger, Exception exception);

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

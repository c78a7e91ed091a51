using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Switchboard.Hosting;
using System.Data.Common;

namespace Switchboard.Storage;

internal static class StorageExtensions
{
    /// <summary>
    /// Registers one service's DbContext on the shared database. Each service owns its own context and
    /// tables; they only share the file (or server), never each other's entities.
    /// </summary>
    public static IServiceCollection AddServiceDbContext<TContext>(this IServiceCollection services, Durability durability = Durability.ProcessCrash)
        where TContext : DbContext
    {
        services.AddDbContextPool<TContext>((sp, options) =>
        {
            var host = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SwitchboardOptions>>().Value;
            var storage = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
            options.UseSwitchboardStorage(host, storage, typeof(TContext).Name, durability);
        });
        return services;
    }

    /// <summary>Each service keeps its own migrations history table, so services migrate independently.</summary>
    public static DbContextOptionsBuilder UseSwitchboardStorage(this DbContextOptionsBuilder options, SwitchboardOptions host, StorageOptions storage, string contextName, Durability durability = Durability.ProcessCrash)
    {
        if (!string.Equals(storage.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Storage provider '{storage.Provider}' is not available in this build. Set Storage:Provider to 'sqlite'.");
        }

        var connectionString = storage.ConnectionString ?? new SqliteConnectionStringBuilder
        {
            DataSource = host.DataPath("switchboard.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        return options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__Migrations" + contextName)).AddInterceptors(durability == Durability.Synchronous ? SqlitePragmas.Full : SqlitePragmas.Normal);
    }

    /// <summary>
    /// WAL lets readers run beside the one writer. synchronous=NORMAL is durable across process crashes
    /// in WAL mode (sessions, codes, keys can be re-obtained after a power cut); FULL also fsyncs the WAL
    /// at every commit, so a committed row survives the machine losing power (chat messages).
    /// busy_timeout lets SQLite retry a locked database in millisecond steps; without it
    /// Microsoft.Data.Sqlite sleeps 150 ms per retry (seen in bench/). The pragmas run on every open:
    /// pooled connections are shared by contexts with different durability.
    /// </summary>
    private sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Normal = new("NORMAL");

        public static readonly SqlitePragmas Full = new("FULL");

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>What a committed transaction survives.</summary>
internal enum Durability
{
    /// <summary>The process being killed (SQLite WAL, synchronous=NORMAL).</summary>
    ProcessCrash,

    /// <summary>The machine losing power: every commit is fsynced (SQLite WAL, synchronous=FULL).</summary>
    Synchronous,
}

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
    public static IServiceCollection AddServiceDbContext<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddDbContextPool<TContext>((sp, options) =>
        {
            var host = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SwitchboardOptions>>().Value;
            var storage = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
            options.UseSwitchboardStorage(host, storage, typeof(TContext).Name);
        });
        return services;
    }

    /// <summary>Each service keeps its own migrations history table, so services migrate independently.</summary>
    public static DbContextOptionsBuilder UseSwitchboardStorage(this DbContextOptionsBuilder options, SwitchboardOptions host, StorageOptions storage, string contextName)
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
        return options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__Migrations" + contextName)).AddInterceptors(SqlitePragmas.Instance);
    }

    /// <summary>
    /// WAL lets readers run beside the one writer; NORMAL sync is durable across process crashes in WAL
    /// mode, which is what a restart test checks. busy_timeout lets SQLite retry a locked database in
    /// millisecond steps; without it Microsoft.Data.Sqlite sleeps 150 ms per retry (seen in bench/).
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
            command.ExecuteNonQuery();
        }
    }
}

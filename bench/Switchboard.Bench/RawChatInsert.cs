using Microsoft.Data.Sqlite;

namespace Switchboard.Bench;

/// <summary>
/// The chat ingest baseline: durable SQLite inserts from a loop in this process, with nothing of the
/// server around them. One thread (SQLite has one writer), Microsoft.Data.Sqlite, a fresh file in the
/// run's temporary folder (the same disk as the server's data folder), the chat connections' pragmas
/// (WAL, synchronous=FULL, foreign keys, busy_timeout). The tables and indexes are copied from the
/// server's own database (<c>sqlite_master</c> of ChatThreads and ChatMessages), and every row is a
/// copy of a message the server stored in this run with a new id, so row size and index work match.
/// Each message is what the server writes for it: one ChatMessages INSERT (foreign key checked against
/// ChatThreads) and the UPDATE of the chat's LastMessageId/LastActivityAt. With one message per
/// transaction this is the ceiling of a server that commits (and fsyncs) each message on its own; with
/// a batch per transaction, the ceiling of group commit.
/// </summary>
internal sealed class RawChatInsert : IDisposable
{
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";

    private readonly SqliteConnection connection;
    private readonly SqliteCommand insert;
    private readonly SqliteCommand update;
    private readonly SqliteParameter insertId;
    private readonly SqliteParameter insertVersion;
    private readonly SqliteParameter updateId;
    private long nextId;

    private RawChatInsert(SqliteConnection connection, SqliteCommand insert, SqliteCommand update, SqliteParameter insertId, SqliteParameter insertVersion, SqliteParameter updateId, int rowBytes)
    {
        this.connection = connection;
        this.insert = insert;
        this.update = update;
        this.insertId = insertId;
        this.insertVersion = insertVersion;
        this.updateId = updateId;
        RowBytes = rowBytes;
    }

    /// <summary>Bytes of column data in the copied row (text as UTF-8, integers as 8).</summary>
    public int RowBytes { get; }

    /// <summary>Creates <paramref name="path"/> with the server's chat tables and the chat row of <paramref name="chatId"/>, ready to insert copies of its latest message.</summary>
    public static RawChatInsert FromServer(string serverDatabase, string chatId, string path)
    {
        List<string> schema;
        (string[] Names, object[] Values) thread;
        (string[] Names, object[] Values) message;
        using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = serverDatabase, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            source.Open();
            schema = [];
            using (var command = source.CreateCommand())
            {
                // Tables before indexes, ChatThreads before ChatMessages (its foreign key's target).
                command.CommandText = """
                    SELECT sql FROM sqlite_master
                    WHERE tbl_name IN ('ChatThreads', 'ChatMessages') AND sql IS NOT NULL
                    ORDER BY type <> 'table', tbl_name <> 'ChatThreads'
                    """;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    schema.Add(reader.GetString(0));
                }
            }

            thread = ReadRow(source, "SELECT * FROM ChatThreads WHERE Id = $chat", chatId);
            message = ReadRow(source, "SELECT * FROM ChatMessages WHERE ChatId = $chat ORDER BY Id DESC LIMIT 1", chatId);
        }

        if (schema.Count < 2)
        {
            throw new InvalidOperationException($"The server's database {serverDatabase} has no chat tables.");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, Pragmas);
        foreach (var statement in schema)
        {
            Execute(connection, statement);
        }

        using (var seedThread = Insert(connection, "ChatThreads", thread.Names, thread.Values, out _))
        {
            seedThread.ExecuteNonQuery();
        }

        var insert = Insert(connection, "ChatMessages", message.Names, message.Values, out var parameters);
        var insertId = parameters[Array.IndexOf(message.Names, "Id")];
        var insertVersion = parameters[Array.IndexOf(message.Names, "Version")];
        var update = connection.CreateCommand();
        update.CommandText = "UPDATE ChatThreads SET LastMessageId = $id, LastActivityAt = $at WHERE Id = $chat";
        var updateId = update.Parameters.AddWithValue("$id", 0L);
        update.Parameters.AddWithValue("$at", message.Values[Array.IndexOf(message.Names, "CreatedAt")]);
        update.Parameters.AddWithValue("$chat", chatId);
        var rowBytes = message.Values.Sum(v => v switch
        {
            string s => System.Text.Encoding.UTF8.GetByteCount(s),
            byte[] b => b.Length,
            DBNull => 0,
            _ => 8,
        });
        return new RawChatInsert(connection, insert, update, insertId, insertVersion, updateId, rowBytes);
    }

    /// <summary>
    /// Rows per second (not transactions) for <paramref name="rowsPerTransaction"/> messages per
    /// transaction, on one thread; CPU per operation is per row.
    /// </summary>
    public BaselineResult Measure(int rowsPerTransaction, TimeSpan warmup, TimeSpan duration)
    {
        var name = rowsPerTransaction == 1
            ? "raw SQLite insert, 1 message per transaction"
            : $"raw SQLite insert, {rowsPerTransaction} messages per transaction";
        var result = InProcessRate.Measure(name, 1, () => () => Commit(rowsPerTransaction), warmup, duration);
        return result with { PerSecond = result.PerSecond * rowsPerTransaction, Operations = result.Operations * rowsPerTransaction };
    }

    private void Commit(int rows)
    {
        using var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        update.Transaction = transaction;
        for (var i = 0; i < rows; i++)
        {
            var id = ++nextId;
            insertId.Value = id;
            insertVersion.Value = id;
            insert.ExecuteNonQuery();
            updateId.Value = id;
            update.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void Dispose()
    {
        insert.Dispose();
        update.Dispose();
        connection.Dispose();
    }

    private static (string[] Names, object[] Values) ReadRow(SqliteConnection connection, string sql, string chatId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$chat", chatId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"No row for chat {chatId} in the server's database ({sql}).");
        }

        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var values = new object[reader.FieldCount];
        reader.GetValues(values);
        return (names, values);
    }

    private static SqliteCommand Insert(SqliteConnection connection, string table, string[] names, object[] values, out SqliteParameter[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", names.Select(n => $"\"{n}\""))}) VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i))})";
        parameters = names.Select((_, i) => command.Parameters.AddWithValue("$p" + i, values[i])).ToArray();
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

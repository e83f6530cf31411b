using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Handover.Persistence;

public enum SqlDialect
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The one database of the product: SQLite (embedded default) or PostgreSQL, chosen by the connection string.
/// Every store opens its connections here; SQL is written once where both dialects agree and per dialect otherwise.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;
    // Native SQLite handles (reused by the connection pool) that already ran the pragmas below.
    private readonly ConditionalWeakTable<object, object?> _configuredSqliteHandles = new();

    private readonly SqliteBatchedWrites? _sqliteWrites;

    private Database(SqlDialect dialect, NpgsqlDataSource? postgres, string? sqlite)
    {
        Dialect = dialect;
        _postgres = postgres;
        _sqlite = sqlite;
        _sqliteWrites = sqlite is null ? null : new SqliteBatchedWrites(this);
    }

    public SqlDialect Dialect { get; }

    public bool IsPostgres => Dialect == SqlDialect.Postgres;

    /// <summary>
    /// A PostgreSQL connection string has "Host="; anything else is taken as SQLite ("Data Source=...").
    /// </summary>
    public static Database FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            return new Database(SqlDialect.Postgres, CreatePostgresDataSource(connectionString), null);

        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            DefaultTimeout = 30,
        };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:")
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null)
                Directory.CreateDirectory(folder);
        }
        return new Database(SqlDialect.Sqlite, null, builder.ToString());
    }

    /// <summary>
    /// Two defaults differ from Npgsql's, each unless the connection string sets it. The stores send the same few
    /// dozen statements over and over on short-lived pooled connections: auto-preparing them spares PostgreSQL the
    /// parse and plan of every command, and skipping the reset on close (DISCARD ALL, which also throws the prepared
    /// statements away) spares a round of work per connection use. No store leaves session state behind: the only
    /// LISTEN runs on the notification listener's own connection, which unlistens before it goes back to the pool.
    /// </summary>
    private static NpgsqlDataSource CreatePostgresDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The plain builder keeps only the keys the string has (Npgsql's own answers true for every key it knows).
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare"))
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        if (!given.ContainsKey("No Reset On Close"))
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        return builder.Build();
    }

    /// <summary>
    /// "column is one of @parameter (a list)": Dapper expands lists for SQLite, while Npgsql passes them as one
    /// array parameter, which PostgreSQL matches with ANY.
    /// </summary>
    public string InList(string column, string parameter) =>
        IsPostgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
            return await _postgres.OpenConnectionAsync(cancellationToken);

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        // The settings live as long as the native handle, which the pool hands out again and again; running them on
        // every open cost more than the typical query itself (docs/benchmarks.md).
        if (connection.Handle is { } handle && !_configuredSqliteHandles.TryGetValue(handle, out _))
        {
            // WAL lets readers run beside the one writer; the busy handler makes writers queue instead of failing.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            SqliteBusyWait.Install(connection);
            SqliteWriteGate.Install(connection);
            _configuredSqliteHandles.TryAdd(handle, null);
        }
        return connection;
    }

    /// <summary>
    /// Begins a write transaction. On SQLite it first queues for the write lock with the process's other writers
    /// (<see cref="SqliteWriteGate"/>), then takes it at once (BEGIN IMMEDIATE) so read-then-write never deadlocks.
    /// </summary>
    public static async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        connection is SqliteConnection sqlite
            ? await SqliteWriteGate.BeginAsync(sqlite, cancellationToken)
            : await connection.BeginTransactionAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction of its own: committed, or rolled back when it returns null or
    /// throws. On SQLite, writes that arrive together share one transaction, each in a savepoint
    /// (<see cref="SqliteBatchedWrites"/>): <paramref name="work"/> must only use the connection it is given, and must
    /// not wait on anything but it.
    /// </summary>
    public async Task<T?> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T?>> work, CancellationToken cancellationToken = default)
        where T : class
    {
        if (_sqliteWrites is not null)
            return await _sqliteWrites.WriteAsync(work, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var result = await work(connection, transaction);
        if (result is null)
            await transaction.RollbackAsync(cancellationToken);
        else
            await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }
}

// A throwaway, real PostgreSQL server for tests.
//
// Sharing: one server per test process (= per test assembly), started on first use by
// PostgresServer.SharedAsync() and stopped when the process exits. It is a lazily started static rather
// than an xunit collection fixture because xunit 2 has no assembly fixtures and a collection would run
// every database test class one after another; here classes keep running in parallel and get their
// isolation from a brand-new database each, not from a server each.
//
// Use:
//   public sealed class OutboxStoreTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
//   {
//       [Fact] public async Task Enqueue_NewMessage_IsPending()
//       {
//           await using var database = Database.FromConnectionString(db.ConnectionString);
//           ...
//   A database per test instead: var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
//
// BOT_TEST_POSTGRES: when it holds a connection string (a superuser, or a user allowed to CREATE DATABASE),
// the tests create their databases on that server and nothing is started. PostgresDatabase drops its
// database after its class; the rest are dropped at process exit, which VSTest cuts short after 100 ms
// unless VSTEST_TESTHOST_SHUTDOWN_TIMEOUT allows more (test.sh does). Leftovers are named test_*.
//
// Otherwise the server runs from the installed binaries in a temp directory with durability off
// (fsync, synchronous_commit, full_page_writes), on 127.0.0.1 and a free port, its unix socket inside that
// directory, trust authentication for user "postgres". As root it runs as the "postgres" OS user, since
// initdb and postgres refuse root. A small bash watchdog owns the postgres process and reads its stdin
// from a pipe held only by the test process: when the test process disposes the server, exits, or is
// killed outright, the pipe closes, and the watchdog stops postgres and deletes the directory.
using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Npgsql;

namespace Testing;

public sealed partial class PostgresServer : IAsyncDisposable
{
    public const string ExistingServerVariable = "BOT_TEST_POSTGRES";

    private const string Superuser = "postgres";
    private const int PortAttempts = 3;

    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => StartAsync(shared: true));

    private readonly NpgsqlConnectionStringBuilder _settings;
    private readonly NpgsqlDataSource _admin;
    private readonly ConcurrentDictionary<string, byte> _databases = new();
    private readonly PostgresWatchdog? _watchdog;
    private readonly TempDirectory? _directory;
    private readonly bool _shared;
    private int _stopped;

    // watchdog and directory are null for the server named by BOT_TEST_POSTGRES.
    private PostgresServer(
        NpgsqlConnectionStringBuilder settings, string adminDatabase, PostgresWatchdog? watchdog, TempDirectory? directory, bool shared)
    {
        _settings = settings;
        _watchdog = watchdog;
        _directory = directory;
        _shared = shared;
        _admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(settings.ConnectionString)
        {
            Database = adminDatabase,
            Pooling = true,
            MaxPoolSize = 10,
        });
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The server shared by every test in this process; started on first call, stopped at process exit.</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>A server of the caller's own (the one in BOT_TEST_POSTGRES if set); dispose it to stop it.</summary>
    public static Task<PostgresServer> StartAsync() => StartAsync(shared: false);

    /// <summary>
    /// Creates an empty database and returns an Npgsql connection string for it. Without a name it gets a
    /// unique one; a name must be a lower-case identifier.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "test_" + Guid.NewGuid().ToString("N");
        ValidateName(name);
        await using (var create = _admin.CreateCommand($"CREATE DATABASE \"{name}\""))
            await create.ExecuteNonQueryAsync();
        _databases.TryAdd(name, 0);
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, ending any sessions still connected to it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        ValidateName(name);
        // Idle pooled connections would otherwise count against max_connections until pruned.
        using (var pooled = new NpgsqlConnection(ConnectionString(name)))
            NpgsqlConnection.ClearPool(pooled);
        await using (var drop = _admin.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            await drop.ExecuteNonQueryAsync();
        _databases.TryRemove(name, out _);
    }

    /// <summary>Stops a server from <see cref="StartAsync()"/>. The shared server ignores this; it stops at process exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_shared)
            return;
        await StopAsync();
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_settings.ConnectionString) { Database = database }.ConnectionString;

    private static void ValidateName(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException(
                $"Database name '{name}' must be a lower-case identifier: a-z, 0-9 and _, at most 63 characters.", nameof(name));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();

    private void OnProcessExit(object? sender, EventArgs e) => StopAsync().AsTask().GetAwaiter().GetResult();

    private async ValueTask StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
            return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (_watchdog is null)
        {
            // Someone else's server: leave it as it was found.
            foreach (var name in _databases.Keys)
            {
                try
                {
                    await DropDatabaseAsync(name);
                }
                catch (NpgsqlException)
                {
                    // The server went away; nothing left to tidy.
                }
            }
        }
        await _admin.DisposeAsync();
        _watchdog?.Stop();
        _directory?.Dispose();
    }

    private static async Task<PostgresServer> StartAsync(bool shared)
    {
        var existing = Environment.GetEnvironmentVariable(ExistingServerVariable);
        return string.IsNullOrWhiteSpace(existing)
            ? await StartOwnAsync(shared)
            : await UseExistingAsync(existing, shared);
    }

    private static async Task<PostgresServer> UseExistingAsync(string connectionString, bool shared)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var adminDatabase = settings.Database ?? Superuser;
        var server = new PostgresServer(settings, adminDatabase, watchdog: null, directory: null, shared);
        try
        {
            await using var probe = server._admin.CreateCommand("SELECT 1");
            await probe.ExecuteScalarAsync();
            return server;
        }
        catch (NpgsqlException e)
        {
            await server.StopAsync();
            throw new InvalidOperationException(
                $"{ExistingServerVariable} is set, but the server at {settings.Host}:{settings.Port} (database {adminDatabase}) " +
                $"cannot be used: {e.Message}", e);
        }
    }

    private static async Task<PostgresServer> StartOwnAsync(bool shared)
    {
        var bin = await PostgresBinaries.FindBinDirectoryAsync();
        var user = await PostgresBinaries.ServiceUserAsync();
        // The postgres user must reach the directory; TMPDIR may point into root's private home.
        var directory = new TempDirectory("bot-pg-", parent: user is null ? null : "/tmp");
        try
        {
            if (user is not null)
                await ProcessRunner.RunAsync("chown", [user, directory.Path]);
            var data = Path.Combine(directory.Path, "data");
            var (initdb, initdbArguments) = PostgresBinaries.AsUser(user, Path.Combine(bin, "initdb"),
                ["-D", data, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
            await ProcessRunner.RunAsync(initdb, initdbArguments, directory.Path);

            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort.Next();
                var settings = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = Superuser,
                    Pooling = true,
                    MaxPoolSize = 100,
                };
                var watchdog = PostgresWatchdog.Start(bin, user, directory.Path, data, port);
                if (await watchdog.WaitUntilReadyAsync(settings, data))
                    return new PostgresServer(settings, Superuser, watchdog, directory, shared);
                var portWasTaken = watchdog.PortWasTaken;
                var diagnostics = watchdog.Diagnostics();
                watchdog.Stop();
                if (!portWasTaken || attempt == PortAttempts)
                    throw new InvalidOperationException($"PostgreSQL did not start on port {port}:{Environment.NewLine}{diagnostics}");
            }
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }
}

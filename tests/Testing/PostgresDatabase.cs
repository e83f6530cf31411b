using Npgsql;
using Xunit;

namespace Testing;

/// <summary>
/// A brand-new database on the shared test server for one test class: take it with
/// <c>IClassFixture&lt;PostgresDatabase&gt;</c> and connect with <see cref="ConnectionString"/>.
/// Dropped when the class is done, so idle connections and disk do not pile up over a long run.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private PostgresServer? _server;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.SharedAsync();
        ConnectionString = await _server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null && ConnectionString.Length > 0)
            await _server.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(ConnectionString).Database!);
    }
}

using Npgsql;
using Testing;

namespace Handover.Tests.Infrastructure;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task CreateDatabaseAsync_TwoDatabases_AreIndependent()
    {
        var server = await PostgresServer.SharedAsync();
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();

        await ExecuteAsync(first, "CREATE TABLE marker (id int); INSERT INTO marker VALUES (1);");

        Assert.Equal(1, await ScalarAsync<int>(first, "SELECT count(*)::int FROM marker"));
        Assert.False(await ScalarAsync<bool>(second, "SELECT to_regclass('marker') IS NOT NULL"));
    }

    [Fact]
    public async Task CreateDatabaseAsync_ReturnsConnectionStringToThatEmptyUtf8Database()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync("named_by_test_" + Guid.NewGuid().ToString("N")[..8]);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;

        Assert.Equal(name, await ScalarAsync<string>(connectionString, "SELECT current_database()"));
        Assert.Equal("UTF8", await ScalarAsync<string>(connectionString, "SHOW server_encoding"));
        Assert.Equal(0L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task CreateDatabaseAsync_ManyAtOnce_AllSucceed()
    {
        var server = await PostgresServer.SharedAsync();

        var connectionStrings = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.CreateDatabaseAsync()));

        Assert.Equal(8, connectionStrings.Distinct().Count());
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("with-dash")]
    [InlineData("x; DROP DATABASE postgres")]
    public async Task CreateDatabaseAsync_NameNotALowerCaseIdentifier_IsRefused(string name)
    {
        var server = await PostgresServer.SharedAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => server.CreateDatabaseAsync(name));
    }

    [Fact]
    public async Task DropDatabaseAsync_WithOpenPooledConnection_RemovesDatabase()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var open = new NpgsqlConnection(connectionString);
        await open.OpenAsync();

        await server.DropDatabaseAsync(name);

        var other = await server.CreateDatabaseAsync();
        Assert.False(await ScalarAsync<bool>(other, $"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}')"));
    }

    [Fact]
    public async Task DisposeAsync_OwnServer_StopsIt()
    {
        if (Environment.GetEnvironmentVariable(PostgresServer.ExistingServerVariable) is { Length: > 0 })
            return; // An existing server is not ours to stop; xunit 2 cannot skip at run time.
        var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync();
        Assert.Equal(1, await ScalarAsync<int>(connectionString, "SELECT 1"));

        await server.DisposeAsync();

        var noPool = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 2 }.ConnectionString;
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(noPool, "SELECT 1"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class PostgresDatabaseTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task ConnectionString_OpensTheClassDatabase()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);

        Assert.Equal(new NpgsqlConnectionStringBuilder(database.ConnectionString).Database, await command.ExecuteScalarAsync());
    }
}

public sealed class TempDirectoryTests
{
    [Fact]
    public void Dispose_DirectoryWithFiles_DeletesIt()
    {
        var directory = new TempDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "file.txt"), "x");
        Directory.CreateDirectory(Path.Combine(directory.Path, "nested"));

        directory.Dispose();

        Assert.False(Directory.Exists(directory.Path));
    }
}

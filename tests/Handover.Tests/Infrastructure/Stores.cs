using Testing;

namespace Handover.Tests.Infrastructure;

/// <summary>The two supported databases; integration tests run on both.</summary>
public enum Store
{
    Sqlite,
    Postgres,
}

public static class Stores
{
    public static TheoryData<Store> Both => new() { Store.Sqlite, Store.Postgres };

    /// <summary>A fresh, empty database: its connection string and, on SQLite, the folder of its file (the caller disposes it).</summary>
    public static async Task<(string ConnectionString, TempDirectory? Directory)> FreshAsync(Store store)
    {
        if (store == Store.Postgres)
            return (await (await PostgresServer.SharedAsync()).CreateDatabaseAsync(), null);
        var directory = new TempDirectory();
        return ($"Data Source={Path.Combine(directory.Path, "handover.db")}", directory);
    }
}

using Dapper;
using Handover.Persistence;
using Testing;

namespace Handover.Tests.Infrastructure;

/// <summary>
/// <see cref="Database.WriteAsync"/>: a write transaction of its own, committed, or rolled back when the work returns
/// null or throws; on SQLite, writes that arrive together share one transaction, each in a savepoint, and one's
/// rollback or failure must not touch the others'.
/// </summary>
public class WriteAsyncTests
{
    private sealed record Written(int N);

    private static async Task<(Database Database, TempDirectory? Directory)> FreshAsync(Store store)
    {
        var (connectionString, directory) = await Stores.FreshAsync(store);
        var database = Database.FromConnectionString(connectionString);
        await using var setup = await database.OpenAsync();
        await setup.ExecuteAsync("CREATE TABLE t (n INTEGER NOT NULL UNIQUE)");
        return (database, directory);
    }

    private static async Task<List<long>> RowsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<long>("SELECT n FROM t ORDER BY n")).ToList();
    }

    /// <summary>Inserts n (twice for "two"), then keeps it, asks for a rollback (null) or throws, as n says.</summary>
    private static Task<Written?> WriteAsync(Database database, int n) => database.WriteAsync<Written>(async (connection, tx) =>
    {
        await connection.ExecuteAsync("INSERT INTO t (n) VALUES (@n)", new { n }, tx);
        if (n % 10 == 3)
            return null;
        if (n % 10 == 7)
            throw new InvalidOperationException($"write {n} failed");
        if (n % 10 == 9)
            await connection.ExecuteAsync("INSERT INTO t (n) VALUES (@n)", new { n }, tx); // a constraint violation
        return new Written(n);
    });

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ManyAtOnce_EachKeepsOrLosesOnlyItsOwnWrites(Store store)
    {
        var (database, directory) = await FreshAsync(store);
        await using (database)
        using (directory)
        {
            var writes = Enumerable.Range(1, 200).Select(n => (N: n, Task: WriteAsync(database, n))).ToList();
            foreach (var (n, task) in writes)
            {
                switch (n % 10)
                {
                    case 3:
                        Assert.Null(await task);
                        break;
                    case 7:
                        Assert.Equal($"write {n} failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => task)).Message);
                        break;
                    case 9:
                        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => task);
                        break;
                    default:
                        Assert.Equal(n, (await task)!.N);
                        break;
                }
            }
            var kept = Enumerable.Range(1, 200).Where(n => n % 10 is not (3 or 7 or 9)).Select(n => (long)n);
            Assert.Equal(kept, await RowsAsync(database));
        }
    }

    [Fact]
    public async Task Sqlite_WritesThatArriveTogether_ShareTransactions()
    {
        var (database, directory) = await FreshAsync(Store.Sqlite);
        await using (database)
        using (directory)
        {
            // Each write notes the transaction it was given: a transaction of its own each would make 100.
            var transactions = new System.Collections.Concurrent.ConcurrentBag<object>();
            await Task.WhenAll(Enumerable.Range(1, 100).Select(n => database.WriteAsync<Written>(async (connection, tx) =>
            {
                transactions.Add(tx);
                await connection.ExecuteAsync("INSERT INTO t (n) VALUES (@n)", new { n }, tx);
                return new Written(n);
            })));
            Assert.Equal(100, (await RowsAsync(database)).Count);
            Assert.True(transactions.Distinct(ReferenceEqualityComparer.Instance).Count() < 100, "every write ran in a transaction of its own");
        }
    }
}

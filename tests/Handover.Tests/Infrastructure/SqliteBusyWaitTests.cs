using Dapper;
using Handover.Persistence;
using Testing;

namespace Handover.Tests.Infrastructure;

/// <summary>
/// Writers on SQLite's one write lock: this process's write transactions queue at <see cref="SqliteWriteGate"/> and pass
/// the lock on as each commits or rolls back; a write outside it (another process, a lone statement) waits in
/// <see cref="SqliteBusyWait"/> instead of failing with SQLITE_BUSY.
/// </summary>
public class SqliteBusyWaitTests
{
    private static async Task<Database> FreshAsync(TempDirectory directory)
    {
        var database = Database.FromConnectionString($"Data Source={Path.Combine(directory.Path, "busy.db")}");
        await using var setup = await database.OpenAsync();
        await setup.ExecuteAsync("CREATE TABLE t (n INTEGER NOT NULL)");
        return database;
    }

    private static Task WriteInTransactionAsync(Database database, int n) => Task.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var tx = await Database.BeginWriteAsync(connection);
        await connection.ExecuteAsync("INSERT INTO t (n) VALUES (@n)", new { n }, tx);
        await tx.CommitAsync();
    });

    private static async Task<List<long>> RowsAsync(Database database)
    {
        await using var check = await database.OpenAsync();
        return (await check.QueryAsync<long>("SELECT n FROM t ORDER BY n")).ToList();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SecondTransaction_WaitsWithoutAThreadUntilTheFirstEnds_ThenWrites(bool firstCommits)
    {
        using var directory = new TempDirectory();
        await using var database = await FreshAsync(directory);
        await using var first = await database.OpenAsync();
        var holding = await Database.BeginWriteAsync(first);
        await first.ExecuteAsync("INSERT INTO t (n) VALUES (1)", transaction: holding);

        var second = WriteInTransactionAsync(database, 2);
        await Task.Delay(200);
        Assert.False(second.IsCompleted); // still waiting, not failed
        Assert.Equal(1, SqliteWriteGate.Waiting((Microsoft.Data.Sqlite.SqliteConnection)first)); // queued at the gate, not polling the lock
        if (firstCommits)
            await holding.CommitAsync();
        else
            await holding.RollbackAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        await holding.DisposeAsync();

        Assert.Equal(firstCommits ? [1L, 2L] : [2L], await RowsAsync(database));
    }

    [Fact]
    public async Task ConnectionClosedWithATransactionOpen_LetsTheNextWriterIn()
    {
        using var directory = new TempDirectory();
        await using var database = await FreshAsync(directory);
        var first = await database.OpenAsync();
        var abandoned = await Database.BeginWriteAsync(first);
        await first.ExecuteAsync("INSERT INTO t (n) VALUES (1)", transaction: abandoned);

        var second = WriteInTransactionAsync(database, 2);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        await first.DisposeAsync(); // rolls the open transaction back
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([2L], await RowsAsync(database));
    }

    [Fact]
    public async Task CommittedConnectionStillOpen_DoesNotHoldTheNextWriterBack()
    {
        using var directory = new TempDirectory();
        await using var database = await FreshAsync(directory);
        await using var first = await database.OpenAsync();
        await using (var tx = await Database.BeginWriteAsync(first))
        {
            await first.ExecuteAsync("INSERT INTO t (n) VALUES (1)", transaction: tx);
            await tx.CommitAsync();
        }

        // The first connection stays open (as a caller that goes on reading would): the gate went with the commit.
        await WriteInTransactionAsync(database, 2).WaitAsync(TimeSpan.FromSeconds(10));
        await using (var again = await Database.BeginWriteAsync(first))
        {
            await first.ExecuteAsync("INSERT INTO t (n) VALUES (3)", transaction: again);
            await again.CommitAsync();
        }
        Assert.Equal([1L, 2L, 3L], await RowsAsync(database));
    }

    [Fact]
    public async Task ManyWritersAtOnce_AllWriteOnce()
    {
        using var directory = new TempDirectory();
        await using var database = await FreshAsync(directory);
        await Task.WhenAll(Enumerable.Range(1, 200).Select(n => WriteInTransactionAsync(database, n))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(1, 200).Select(n => (long)n), await RowsAsync(database));
    }

    [Fact]
    public async Task StatementOutsideATransaction_WaitsInTheBusyHandler_ThenWrites()
    {
        using var directory = new TempDirectory();
        await using var database = await FreshAsync(directory);
        await using var first = await database.OpenAsync();
        var holding = await Database.BeginWriteAsync(first);
        await first.ExecuteAsync("INSERT INTO t (n) VALUES (1)", transaction: holding);

        var waitsBefore = SqliteBusyWait.Waits;
        var lone = Task.Run(async () =>
        {
            await using var connection = await database.OpenAsync();
            await connection.ExecuteAsync("INSERT INTO t (n) VALUES (2)"); // its own implicit transaction, no gate
        });
        await Task.Delay(200);
        Assert.False(lone.IsCompleted);
        Assert.True(SqliteBusyWait.Waits > waitsBefore); // in our handler, which tries again every millisecond
        await holding.CommitAsync();
        await holding.DisposeAsync();
        await lone.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1L, 2L], await RowsAsync(database));
    }
}

using Dapper;
using Handover.Persistence;
using Testing;

namespace Handover.Tests.Infrastructure;

/// <summary>A writer that finds the write lock taken waits for it (SqliteBusyWait) instead of failing with SQLITE_BUSY.</summary>
public class SqliteBusyWaitTests
{
    [Fact]
    public async Task SecondWriter_WaitsForTheFirstToCommit_ThenWrites()
    {
        using var directory = new TempDirectory();
        await using var database = Database.FromConnectionString($"Data Source={Path.Combine(directory.Path, "busy.db")}");
        await using (var setup = await database.OpenAsync())
            await setup.ExecuteAsync("CREATE TABLE t (n INTEGER NOT NULL)");

        await using var first = await database.OpenAsync();
        var holding = await Database.BeginWriteAsync(first);
        await first.ExecuteAsync("INSERT INTO t (n) VALUES (1)", transaction: holding);

        var waitsBefore = SqliteBusyWait.Waits;
        var second = Task.Run(async () =>
        {
            await using var connection = await database.OpenAsync();
            await using var tx = await Database.BeginWriteAsync(connection); // BEGIN IMMEDIATE: waits for the lock
            await connection.ExecuteAsync("INSERT INTO t (n) VALUES (2)", transaction: tx);
            await tx.CommitAsync();
        });
        await Task.Delay(200);
        Assert.False(second.IsCompleted); // still waiting, not failed
        Assert.True(SqliteBusyWait.Waits > waitsBefore); // in our handler, which tries again every millisecond
        await holding.CommitAsync();
        await holding.DisposeAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(10));

        await using var check = await database.OpenAsync();
        Assert.Equal([1L, 2L], (await check.QueryAsync<long>("SELECT n FROM t ORDER BY n")).ToList());
    }
}

using System.Data.Common;
using System.Runtime.ExceptionServices;
using Handover.Common;
using Microsoft.Data.Sqlite;

namespace Handover.Persistence;

/// <summary>
/// SQLite has one writer, and each commit writes every page it touched to the WAL. Write transactions submitted while
/// one runs go together in the next: back to back in one transaction, each in its own savepoint, so one that fails or
/// asks to roll back (returns null) undoes only its own writes, and the pages the batch shares are written once.
/// </summary>
internal sealed class SqliteBatchedWrites(Database database)
{
    private const string Savepoint = "batched_write";

    private sealed record Outcome(object? Result, ExceptionDispatchInfo? Error);

    private GroupCommit<Func<DbConnection, DbTransaction, Task<object?>>, Outcome>? _batches;

    private GroupCommit<Func<DbConnection, DbTransaction, Task<object?>>, Outcome> Batches =>
        LazyInitializer.EnsureInitialized(ref _batches, () => new(RunAsync, maxBatch: 32, maxInFlight: 1));

    public async Task<T?> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T?>> work, CancellationToken cancellationToken)
        where T : class
    {
        var outcome = await Batches.SubmitAsync(async (connection, transaction) => await work(connection, transaction), cancellationToken);
        outcome.Error?.Throw();
        return (T?)outcome.Result;
    }

    private async Task<IReadOnlyList<Outcome>> RunAsync(IReadOnlyList<Func<DbConnection, DbTransaction, Task<object?>>> writes, CancellationToken cancellationToken)
    {
        var outcomes = new Outcome[writes.Count];
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await Database.BeginWriteAsync(connection, cancellationToken);
        for (var i = 0; i < writes.Count; i++)
        {
            transaction.Save(Savepoint);
            try
            {
                var result = await writes[i](connection, transaction);
                if (result is null)
                    transaction.Rollback(Savepoint);
                outcomes[i] = new Outcome(result, null);
            }
            catch (Exception e)
            {
                transaction.Rollback(Savepoint);
                outcomes[i] = new Outcome(null, ExceptionDispatchInfo.Capture(e));
            }
            transaction.Release(Savepoint);
        }
        // Should the commit fail, every write of the batch sees that exception: none of them is acknowledged.
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }
}

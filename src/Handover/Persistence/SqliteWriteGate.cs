using System.Collections.Concurrent;
using System.Data;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Handover.Persistence;

/// <summary>
/// The writers of this process queue for SQLite's one write lock here, asynchronously, instead of each blocking a
/// thread in <see cref="SqliteBusyWait"/> and polling for the lock. The gate passes to the next writer when a
/// transaction commits (SQLite's commit hook), when its connection closes, or, after a rollback (whose hook
/// Microsoft.Data.Sqlite keeps for itself), when a waiter sees the holder's connection has no transaction any more.
/// Other processes on the same file (the CLI, a second host) and lone statements still meet the busy handler.
/// </summary>
internal static partial class SqliteWriteGate
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RollbackCheck = TimeSpan.FromMilliseconds(5);

    // One gate per database (by connection string), and the native handle holding each gate.
    private static readonly ConcurrentDictionary<string, Gate> Gates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<IntPtr, Gate> Holders = new();

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>The handle whose transaction holds the gate (null between its acquiring and its BEGIN).</summary>
        public SafeHandle? Holder;

        public int Waiting;
    }

    /// <summary>How many writers wait at the gate of the database <paramref name="connection"/> is on (tests; diagnostics).</summary>
    public static int Waiting(SqliteConnection connection) =>
        Gates.TryGetValue(connection.ConnectionString, out var gate) ? Volatile.Read(ref gate.Waiting) : 0;

    /// <summary>Hooks a native handle's commits (once per handle: the pool reuses them).</summary>
    public static unsafe void Install(SqliteConnection connection)
    {
        var db = connection.Handle!.DangerousGetHandle();
        sqlite3_commit_hook(db, &OnCommit, db);
    }

    /// <summary>Waits for the gate, then begins the write transaction (BEGIN IMMEDIATE).</summary>
    public static async ValueTask<SqliteTransaction> BeginAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var db = connection.Handle!.DangerousGetHandle();
        var gate = Gates.GetOrAdd(connection.ConnectionString, _ => new Gate());
        var deadline = Environment.TickCount64 + (long)MaxWait.TotalMilliseconds;
        Interlocked.Increment(ref gate.Waiting);
        try
        {
            while (!await gate.Semaphore.WaitAsync(RollbackCheck, cancellationToken))
            {
                ReleaseIfRolledBack(gate);
                if (Environment.TickCount64 > deadline)
                    throw new SqliteException($"No write lock on the database after waiting {MaxWait.TotalSeconds:0} s.", 5 /* SQLITE_BUSY */);
            }
        }
        finally
        {
            Interlocked.Decrement(ref gate.Waiting);
        }
        SqliteTransaction transaction;
        try
        {
            transaction = connection.BeginTransaction(deferred: false);
        }
        catch
        {
            gate.Semaphore.Release();
            throw;
        }
        Volatile.Write(ref gate.Holder, connection.Handle);
        Holders[db] = gate;
        // Should the transaction end without a commit or a waiter noticing, closing the connection lets the gate go.
        connection.StateChange += ReleaseOnClose;
        return transaction;
    }

    /// <summary>A holder that rolled back and kept its connection open has no transaction left: its gate is free.</summary>
    private static void ReleaseIfRolledBack(Gate gate)
    {
        if (Volatile.Read(ref gate.Holder) is not { } holder)
            return;
        var added = false;
        try
        {
            holder.DangerousAddRef(ref added); // the handle cannot be closed under the check
            var db = holder.DangerousGetHandle();
            if (sqlite3_get_autocommit(db) != 0)
                Release(db);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: closing released the gate.
        }
        finally
        {
            if (added)
                holder.DangerousRelease();
        }
    }

    private static void ReleaseOnClose(object? sender, StateChangeEventArgs e)
    {
        if (e.CurrentState == ConnectionState.Closed && sender is SqliteConnection connection)
        {
            connection.StateChange -= ReleaseOnClose;
            if (connection.Handle is { } handle)
                Release(handle.DangerousGetHandle());
        }
    }

    private static void Release(IntPtr db)
    {
        if (!Holders.TryRemove(db, out var gate))
            return;
        Volatile.Write(ref gate.Holder, null);
        gate.Semaphore.Release(); // waiters resume on their own threads (SemaphoreSlim runs continuations asynchronously)
    }

    // The hook runs just before the commit ends; a writer let in that early finds the lock for a moment more and yields
    // to the committing thread (SqliteBusyWait's first tries do not sleep).
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnCommit(IntPtr db)
    {
        Release(db);
        return 0; // 0: let the commit go ahead
    }

    [LibraryImport("e_sqlite3")]
    private static unsafe partial IntPtr sqlite3_commit_hook(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, int> hook, IntPtr state);

    [LibraryImport("e_sqlite3")]
    private static partial int sqlite3_get_autocommit(IntPtr db);
}

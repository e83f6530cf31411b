using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Handover.Persistence;

/// <summary>
/// How a SQLite connection waits for the write lock another connection holds. SQLite's own busy timeout sleeps 1, 2, 5,
/// 10, 15, 20, 25 and up to 100 ms between tries, so with many writers a waiter often sleeps on long after the lock was
/// released. This handler yields to the holder for its first tries (a writer that <see cref="SqliteWriteGate"/> let in
/// finds the lock for the last moment of the commit before it), then tries every millisecond, up to the same 30 s.
/// </summary>
internal static unsafe partial class SqliteBusyWait
{
    private const int MaxTries = 30_000;

    private static long _waits;

    /// <summary>How many times a connection of this process waited for the lock (tests; diagnostics).</summary>
    public static long Waits => Interlocked.Read(ref _waits);

    public static void Install(SqliteConnection connection)
    {
        var result = sqlite3_busy_handler(connection.Handle!.DangerousGetHandle(), &OnBusy, IntPtr.Zero);
        if (result != 0)
            throw new InvalidOperationException($"SQLite refused the busy handler (error {result}).");
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnBusy(IntPtr state, int tries)
    {
        if (tries >= MaxTries)
            return 0; // SQLITE_BUSY reaches the caller
        Interlocked.Increment(ref _waits);
        Thread.Sleep(tries < 8 ? 0 : 1);
        return 1;
    }

    [LibraryImport("e_sqlite3")]
    private static partial int sqlite3_busy_handler(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, int, int> handler, IntPtr state);
}

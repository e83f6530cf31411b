namespace Handover.Common;

/// <summary>
/// Writes that arrive together share one statement. A caller submits its item and awaits its own result; while
/// <c>maxInFlight</c> writes are already running, later items wait in a queue, and whichever write finishes first
/// takes everything queued (up to <c>maxBatch</c>) in its next statement. At low load every item is written at once,
/// alone; under load the batches grow by themselves, so a database round trip (and its commit) is paid per batch rather
/// than per item, and no item ever waits for a timer.
/// </summary>
/// <remarks>
/// The write function gets the items in submission order and returns one result per item, in the same order. If it
/// throws, every item of that batch sees the exception (nothing of it is acknowledged), and later batches still run.
/// Writes ignore the callers' cancellation: once an item is in a statement its outcome must be known, and a caller
/// that gives up only stops waiting.
/// </remarks>
public sealed class GroupCommit<TItem, TResult>(
    Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> write, int maxBatch = 100, int maxInFlight = 2)
{
    private readonly object _gate = new();
    private readonly Queue<(TItem Item, TaskCompletionSource<TResult> Result)> _queue = new();
    private int _inFlight;

    public Task<TResult> SubmitAsync(TItem item, CancellationToken cancellationToken = default)
    {
        var result = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _queue.Enqueue((item, result));
            start = _inFlight < maxInFlight;
            if (start)
                _inFlight++;
        }
        if (start)
            _ = Task.Run(DrainAsync, CancellationToken.None); // never on the caller: a synchronous write (SQLite) would keep it draining others
        return cancellationToken.CanBeCanceled ? result.Task.WaitAsync(cancellationToken) : result.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var batch = new List<(TItem Item, TaskCompletionSource<TResult> Result)>();
            lock (_gate)
            {
                while (batch.Count < maxBatch && _queue.TryDequeue(out var next))
                    batch.Add(next);
                if (batch.Count == 0)
                {
                    _inFlight--;
                    return;
                }
            }
            try
            {
                var results = await write(batch.Select(b => b.Item).ToList(), CancellationToken.None);
                if (results.Count != batch.Count)
                    throw new InvalidOperationException($"A group write returned {results.Count} results for {batch.Count} items.");
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Result.TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var (_, result) in batch)
                    result.TrySetException(e);
            }
        }
    }
}

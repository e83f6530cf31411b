namespace Channels.BotFramework;

/// <summary>
/// Keeps the bot under Teams' per-thread limits (7 per 1 s, 8 per 2 s, 60 per 30 s) by remembering when it sent to
/// each thread. <see cref="TryReserve"/> either takes a slot now or says how long to wait for one.
/// </summary>
internal sealed class ThreadPacer(TimeProvider time)
{
    internal static readonly (int Limit, TimeSpan Window)[] Limits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
    ];

    private static readonly TimeSpan LongestWindow = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Zero: a slot was taken for <paramref name="thread"/>. Otherwise the wait until one frees up (nothing taken).</summary>
    public TimeSpan TryReserve(string thread)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_sent.TryGetValue(thread, out var sent))
                _sent[thread] = sent = new Queue<DateTimeOffset>();
            while (sent.Count > 0 && now - sent.Peek() >= LongestWindow)
                sent.Dequeue();

            var wait = TimeSpan.Zero;
            var times = sent.ToArray();
            foreach (var (limit, window) in Limits)
            {
                var inWindow = times.Count(t => now - t < window);
                if (inWindow >= limit)
                {
                    // The oldest send that still counts must leave the window first.
                    var blocking = times[times.Length - limit];
                    var until = blocking + window - now;
                    if (until > wait)
                        wait = until;
                }
            }
            if (wait > TimeSpan.Zero)
                return wait;
            sent.Enqueue(now);
            if (_sent.Count > 10_000)
                Sweep(now);
            return TimeSpan.Zero;
        }
    }

    /// <summary>Waits for a slot when it is near (up to <paramref name="maxWait"/>); false when the caller should come back later.</summary>
    public async Task<(bool Reserved, TimeSpan Wait)> ReserveAsync(string thread, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = TryReserve(thread);
            if (wait == TimeSpan.Zero)
                return (true, TimeSpan.Zero);
            if (wait > maxWait)
                return (false, wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, queue) in _sent.ToList())
        {
            if (queue.Count == 0 || now - queue.Last() >= LongestWindow)
                _sent.Remove(key);
        }
    }
}

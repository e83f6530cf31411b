using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bot.Bench;

/// <summary>
/// Drives the shoppers: warm-up, then the measured window, then waits for every outstanding reply. Throughput mode is a
/// closed loop of C posters; rate mode is an open loop whose messages fall due every 1/rate seconds by the Stopwatch.
/// </summary>
internal sealed class LoadGenerator
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);

    private readonly BenchOptions _options;
    private readonly IReadOnlyList<Shopper> _shoppers;
    private readonly ConcurrentQueue<Shopper> _idle = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private int _roundRobin;
    private long _posted;
    private long _failed;
    private long _busyPicks;
    private long _acceptedInWindow;
    private long _repliesInWindow;

    public LoadGenerator(BenchOptions options, IReadOnlyList<Shopper> shoppers)
    {
        _options = options;
        _shoppers = shoppers;
        foreach (var shopper in shoppers)
        {
            shopper.ReplyArrived = OnReply;
            shopper.BecameIdle = _idle.Enqueue;
            _idle.Enqueue(shopper);
        }
    }

    public Latencies PostLatency { get; } = new();

    public Latencies EndToEnd { get; } = new();

    /// <summary>Runs at the moment the measured window opens (after warm-up) and closes.</summary>
    public Action? WindowOpened { get; set; }

    public Action? WindowClosed { get; set; }

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        _windowStart = start + Ticks(_options.Warmup);
        _windowEnd = _windowStart + Ticks(_options.Duration);
        var window = WatchWindowAsync(cancellationToken);

        if (_options.Mode == LoadMode.Throughput)
            await Task.WhenAll(Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(() => PosterAsync(cancellationToken), cancellationToken)));
        else
            await ScheduleAsync(start, cancellationToken);
        await window;

        var drainStarted = Stopwatch.GetTimestamp();
        while (_shoppers.Any(s => s.Outstanding > 0) && Stopwatch.GetElapsedTime(drainStarted) < DrainTimeout)
            await Task.Delay(20, cancellationToken);

        var seconds = _options.Duration.TotalSeconds;
        return new LoadResult(
            Posted: Interlocked.Read(ref _posted),
            Failed: Interlocked.Read(ref _failed),
            BusyPicks: Interlocked.Read(ref _busyPicks),
            AcceptedPerSecond: Interlocked.Read(ref _acceptedInWindow) / seconds,
            RepliesPerSecond: Interlocked.Read(ref _repliesInWindow) / seconds,
            DrainTime: Stopwatch.GetElapsedTime(drainStarted),
            StillOutstanding: _shoppers.Sum(s => s.Outstanding),
            Errors: [.. _errors.Take(5)]);
    }

    private async Task WatchWindowAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(_options.Warmup, cancellationToken);
        WindowOpened?.Invoke();
        await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _windowEnd), cancellationToken);
        WindowClosed?.Invoke();
    }

    private async Task PosterAsync(CancellationToken cancellationToken)
    {
        var random = new Random();
        while (Stopwatch.GetTimestamp() < _windowEnd)
            await PostOneAsync(random, Stopwatch.GetTimestamp(), cancellationToken);
    }

    /// <summary>
    /// The open loop. Message i is due at start + i/rate. The loop wakes about every millisecond and sends everything
    /// due, without waiting for answers; spinning instead would take a core from the host on a 2-core machine.
    /// </summary>
    private async Task ScheduleAsync(long start, CancellationToken cancellationToken)
    {
        var random = new Random();
        var interval = Stopwatch.Frequency / _options.Rate;
        var inFlight = new List<Task>();
        for (long i = 0; ; i++)
        {
            var due = start + (long)(i * interval);
            if (due >= _windowEnd)
                break;
            var now = Stopwatch.GetTimestamp();
            if (due > now)
                await Task.Delay(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond / 2, (due - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)), cancellationToken);
            inFlight.Add(PostOneAsync(random, due, cancellationToken));
            if (inFlight.Count >= 4096)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }
        await Task.WhenAll(inFlight);
    }

    private async Task PostOneAsync(Random random, long due, CancellationToken cancellationToken)
    {
        var shopper = Pick();
        var measured = due >= _windowStart && due < _windowEnd;
        Interlocked.Increment(ref _posted);
        var result = await shopper.PostAsync(ShopQuestions.All[random.Next(ShopQuestions.All.Length)], due, measured, cancellationToken);
        var done = Stopwatch.GetTimestamp();
        if (!result.Accepted)
        {
            Interlocked.Increment(ref _failed);
            _errors.Enqueue(result.Error ?? "?");
            return;
        }
        if (measured)
            PostLatency.Add(Stopwatch.GetElapsedTime(due, done).TotalMilliseconds);
        if (done >= _windowStart && done < _windowEnd)
            Interlocked.Increment(ref _acceptedInWindow);
    }

    /// <summary>A shopper with no question waiting for an answer if there is one; otherwise the next in turn.</summary>
    private Shopper Pick()
    {
        while (_idle.TryDequeue(out var idle))
        {
            if (idle.Outstanding == 0)
                return idle;
        }
        Interlocked.Increment(ref _busyPicks);
        return _shoppers[(int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)_shoppers.Count)];
    }

    private void OnReply(Shopper.Post post, long arrived)
    {
        if (post.Measured)
            EndToEnd.Add(Stopwatch.GetElapsedTime(post.Due, arrived).TotalMilliseconds);
        if (arrived >= _windowStart && arrived < _windowEnd)
            Interlocked.Increment(ref _repliesInWindow);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

internal sealed record LoadResult(
    long Posted, long Failed, long BusyPicks, double AcceptedPerSecond, double RepliesPerSecond, TimeSpan DrainTime, int StillOutstanding,
    IReadOnlyList<string> Errors);

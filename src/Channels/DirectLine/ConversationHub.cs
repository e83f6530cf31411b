using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Channels.DirectLine;

/// <summary>
/// The WebSocket subscribers this node holds, one per conversation. A subscriber is *signalled*: it then reads the log
/// after its own watermark, so a signal can be coalesced, repeated or come from another node (via PostgreSQL NOTIFY)
/// without losing or doubling an activity. Two shortcuts spare the read in the common case: an append made on this
/// node hands the subscriber the activity itself (<see cref="Deliver"/>), which it sends at once when it continues
/// its watermark; and a signal that names a seq the subscriber already sent (the NOTIFY of that same append, coming
/// back to the node that made it) is dropped.
/// </summary>
/// <remarks>
/// One socket per conversation: the newest connection wins. A reload, a second tab or a network switch leaves the old
/// socket half-open and silent; evicting it (closed with 1008 and a "collision" description, like the real service)
/// keeps the shopper's current page live. The evicted client reconnects with its watermark and misses nothing.
/// The rule holds per node; behind a load balancer without sticky sessions two nodes may each hold one.
/// </remarks>
internal sealed class ConversationHub
{
    private readonly ConcurrentDictionary<string, StreamSubscription> _subscriptions = new(StringComparer.Ordinal);

    /// <summary>Becomes the conversation's subscriber, evicting the one before it.</summary>
    public StreamSubscription Subscribe(string conversationId)
    {
        var subscription = new StreamSubscription(this, conversationId);
        StreamSubscription? evicted = null;
        _subscriptions.AddOrUpdate(
            conversationId,
            _ =>
            {
                evicted = null; // the factories may run more than once under contention
                return subscription;
            },
            (_, previous) =>
            {
                evicted = previous;
                return subscription;
            });
        evicted?.Evict();
        return subscription;
    }

    /// <summary>Something was appended, seq unknown: the subscriber reads the log.</summary>
    public void Signal(string conversationId)
    {
        if (_subscriptions.TryGetValue(conversationId, out var subscription))
            subscription.Signal(seq: null);
    }

    /// <summary>The log has an activity up to <paramref name="seq"/>: the subscriber reads unless it sent that far.</summary>
    public void Signal(string conversationId, long seq)
    {
        if (_subscriptions.TryGetValue(conversationId, out var subscription))
            subscription.Signal(seq);
    }

    /// <summary>An activity this node just committed to the log.</summary>
    public void Deliver(StoredActivity activity)
    {
        if (_subscriptions.TryGetValue(activity.ConversationId, out var subscription))
            subscription.Deliver(activity);
    }

    /// <summary>Wakes every subscriber, e.g. after signals from other nodes may have been missed.</summary>
    public void SignalAll()
    {
        foreach (var subscription in _subscriptions.Values)
            subscription.Signal(seq: null);
    }

    internal void Remove(StreamSubscription subscription) =>
        _subscriptions.TryRemove(new KeyValuePair<string, StreamSubscription>(subscription.ConversationId, subscription));
}

internal sealed class StreamSubscription : IDisposable
{
    /// <summary>Activities held for sending beyond this many are dropped; the read they force catches up.</summary>
    private const int MaxHeld = 64;

    private readonly ConversationHub _hub;
    private readonly ConcurrentQueue<StoredActivity> _delivered = new();
    // The highest seq any signal or delivery named; long.MaxValue once a signal without a seq came.
    private long _knownSeq = -1;
    // Never disposed: it has no timer, and eviction may race with the evicted socket's own shutdown.
    private readonly CancellationTokenSource _evicted = new();

    // Capacity one, extra writes dropped: any number of signals while the reader is busy collapse into one more read.
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    internal StreamSubscription(ConversationHub hub, string conversationId)
    {
        _hub = hub;
        ConversationId = conversationId;
        Evicted = _evicted.Token;
    }

    public string ConversationId { get; }

    /// <summary>Cancelled when a newer connection to the same conversation replaced this one.</summary>
    public CancellationToken Evicted { get; }

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _signals.Reader.ReadAsync(cancellationToken);

    /// <summary>
    /// True when the log may hold something after <paramref name="watermark"/> that was not delivered: a signal named
    /// a newer seq or none at all. Resets what it answered for.
    /// </summary>
    public bool MustRead(long watermark)
    {
        var known = Interlocked.Read(ref _knownSeq);
        if (known <= watermark)
            return false;
        // Only forget what this answer covers; a newer signal that raced in stays.
        Interlocked.CompareExchange(ref _knownSeq, -1, known);
        return true;
    }

    /// <summary>The activities delivered since the last call, in seq order.</summary>
    public List<StoredActivity> TakeDelivered()
    {
        var taken = new List<StoredActivity>();
        while (_delivered.TryDequeue(out var activity))
            taken.Add(activity);
        taken.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return taken;
    }

    internal void Signal(long? seq)
    {
        Raise(seq ?? long.MaxValue);
        _signals.Writer.TryWrite(true);
    }

    internal void Deliver(StoredActivity activity)
    {
        if (_delivered.Count < MaxHeld)
            _delivered.Enqueue(activity);
        else
            Raise(activity.Seq);
        _signals.Writer.TryWrite(true);
    }

    private void Raise(long seq)
    {
        var known = Interlocked.Read(ref _knownSeq);
        while (seq > known)
        {
            var seen = Interlocked.CompareExchange(ref _knownSeq, seq, known);
            if (seen == known)
                return;
            known = seen;
        }
    }

    internal void Evict() => _evicted.Cancel();

    public void Dispose() => _hub.Remove(this);
}

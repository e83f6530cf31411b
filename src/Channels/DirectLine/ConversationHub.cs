using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Channels.DirectLine;

/// <summary>
/// The WebSocket subscribers this node holds, one per conversation. A subscriber is only ever *signalled*; it then
/// reads the log after its own watermark, so a signal can be coalesced, repeated or come from another node (via
/// PostgreSQL NOTIFY) without losing or doubling an activity.
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

    public void Signal(string conversationId)
    {
        if (_subscriptions.TryGetValue(conversationId, out var subscription))
            subscription.Signal();
    }

    /// <summary>Wakes every subscriber, e.g. after signals from other nodes may have been missed.</summary>
    public void SignalAll()
    {
        foreach (var subscription in _subscriptions.Values)
            subscription.Signal();
    }

    internal void Remove(StreamSubscription subscription) =>
        _subscriptions.TryRemove(new KeyValuePair<string, StreamSubscription>(subscription.ConversationId, subscription));
}

internal sealed class StreamSubscription : IDisposable
{
    private readonly ConversationHub _hub;
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

    internal void Signal() => _signals.Writer.TryWrite(true);

    internal void Evict() => _evicted.Cancel();

    public void Dispose() => _hub.Remove(this);
}

using System.Threading.Channels;

namespace Handover.Outbox;

/// <summary>Wakes the outbox worker as soon as a transaction that queued messages commits, so delivery needs no polling delay.</summary>
public sealed class OutboxSignal
{
    // Capacity one, extra signals dropped: the worker drains everything due each time it wakes.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _signal.Writer.TryWrite(true);

    /// <summary>Waits for a signal or until <paramref name="timeout"/> passes on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_signal.Reader.TryRead(out _))
            return;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, cts.Token);
        var signalled = _signal.Reader.WaitToReadAsync(cts.Token).AsTask();
        await Task.WhenAny(delay, signalled);
        await cts.CancelAsync();
        _signal.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

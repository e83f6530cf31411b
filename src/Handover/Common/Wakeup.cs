using System.Threading.Channels;

namespace Handover.Common;

/// <summary>
/// Wakes a background worker as soon as there is work (a transaction that queued some committed), so it needs no
/// polling delay; the worker still polls now and then for work other nodes queued.
/// </summary>
public class Wakeup
{
    // Capacity one, extra signals dropped: the worker handles everything due each time it wakes.
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

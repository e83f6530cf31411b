using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Channels.Twilio;

/// <summary>
/// Spaces sends per sender number at the rate of its kind (<see cref="TwilioPacing"/>: a long code 1 message/s by
/// default): each send reserves the sender's next free slot and waits for it on the host's clock. Senders never wait
/// for each other. Per node.
/// </summary>
internal sealed class Pacer(IOptions<TwilioOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SenderSlot> _slots = new(StringComparer.Ordinal);

    /// <summary>Reserves the next slot of <paramref name="from"/>; returns how long until it (zero when free now).</summary>
    public TimeSpan Reserve(string from)
    {
        var interval = TimeSpan.FromSeconds(1 / options.Value.Pacing.PerSecond(SenderKinds.Of(from)));
        var slot = _slots.GetOrAdd(from, _ => new SenderSlot());
        lock (slot)
        {
            var now = time.GetUtcNow();
            var at = slot.Next > now ? slot.Next : now;
            slot.Next = at + interval;
            return at - now;
        }
    }

    /// <summary>Waits for the sender's next slot on the host's clock (a manual one in tests).</summary>
    public async Task WaitTurnAsync(string from, CancellationToken cancellationToken)
    {
        var wait = Reserve(from);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, time, cancellationToken);
    }

    private sealed class SenderSlot
    {
        public DateTimeOffset Next { get; set; } = DateTimeOffset.MinValue;
    }
}

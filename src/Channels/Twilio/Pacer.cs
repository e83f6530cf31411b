using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Channels.Twilio;

/// <summary>
/// Spaces sends per sender number (US long code 1 message/s, WhatsApp 10/s by default, per <see cref="TwilioPacing"/>):
/// each send reserves the sender's next free slot and is told how long to wait for it. Per node.
/// </summary>
internal sealed class Pacer(IOptions<TwilioOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SenderSlot> _slots = new(StringComparer.Ordinal);

    /// <summary>Reserves the next slot of <paramref name="from"/>; returns how long until it (zero when free now).</summary>
    public TimeSpan Reserve(string from)
    {
        var perSecond = TwilioChannels.KindOf(from) == TwilioChannels.WhatsApp ? options.Value.Pacing.WhatsApp : options.Value.Pacing.Sms;
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var slot = _slots.GetOrAdd(from, _ => new SenderSlot());
        lock (slot)
        {
            var now = time.GetUtcNow();
            var at = slot.Next > now ? slot.Next : now;
            slot.Next = at + interval;
            return at - now;
        }
    }

    /// <summary>Waits for the sender's next slot on the provider's clock.</summary>
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

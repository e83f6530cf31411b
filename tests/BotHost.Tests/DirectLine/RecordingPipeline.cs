using System.Collections.Concurrent;
using Channels.DirectLine;
using Handover.Messages;
using Handover.Outbox;
using Handover.Pipeline;

namespace BotHost.Tests.DirectLine;

/// <summary>
/// Stands in for the core: records every message, dedupes on the provider id like the core does, and answers each new
/// message with "You said: ..." through the real <see cref="DirectLineSender"/>.
/// </summary>
internal sealed class RecordingPipeline(DirectLineSender sender, TimeProvider time) : IInboundPipeline
{
    private readonly ConcurrentDictionary<string, long> _messageIds = new();
    private long _lastId;

    public ConcurrentQueue<InboundMessage> Received { get; } = new();

    /// <summary>How many of the next calls throw, as a failing core would.</summary>
    public int FailNext { get; set; }

    public async Task<InboundResult> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        Received.Enqueue(message);
        if (FailNext > 0)
        {
            FailNext--;
            throw new InvalidOperationException("The core is down.");
        }

        var isNew = false;
        var messageId = _messageIds.GetOrAdd(message.ProviderMessageId, _ =>
        {
            isNew = true;
            return Interlocked.Increment(ref _lastId);
        });
        var conversationId = "core-" + message.Address;
        if (isNew)
        {
            var reply = new OutboundMessage(messageId, 1_000_000 + messageId, conversationId, message.Channel, message.Address,
                MessageRole.Ai, $"You said: {message.Text}", null, null, time.GetUtcNow());
            var result = await sender.SendAsync(reply, cancellationToken);
            Assert.Equal(SendOutcome.Sent, result.Outcome);
        }
        return new InboundResult(conversationId, messageId, Duplicate: !isNew);
    }
}

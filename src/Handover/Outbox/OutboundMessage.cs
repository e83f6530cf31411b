using Handover.Messages;

namespace Handover.Outbox;

/// <summary>One message for a channel to deliver, as the outbox worker hands it to an <see cref="IChannelSender"/>.</summary>
public sealed record OutboundMessage(
    long OutboxId,
    long MessageId,
    string ConversationId,
    string Channel,
    string Address,
    MessageRole Role,
    string Text,
    string? AgentId,
    string? AgentName,
    DateTimeOffset CreatedAt);

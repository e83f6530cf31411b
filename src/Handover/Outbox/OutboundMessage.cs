using Handover.Messages;

namespace Handover.Outbox;

/// <summary>
/// One message for a channel to deliver, as the outbox worker hands it to an <see cref="IChannelSender"/>: either to
/// the shopper (on the conversation's own channel) or to an agent-side mirror of the conversation (a Teams thread,
/// an agent's phone), which also gets the shopper's messages (<see cref="MessageRole.Shopper"/>) and internal notes.
/// </summary>
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
    DateTimeOffset CreatedAt)
{
    /// <summary>An agent-only note: only ever sent to agent-side mirrors.</summary>
    public bool Internal { get; init; }

    /// <summary>True for delivery to the shopper; false for an agent-side mirror.</summary>
    public bool ToShopper { get; init; } = true;

    /// <summary>A card to show with the text (an Adaptive Card as JSON), or null.</summary>
    public string? AttachmentJson { get; init; }

    /// <summary>Which try this is, counting this one (1 = first): a sender that sends in parts knows none went out before.</summary>
    public long Attempt { get; init; } = 1;
}

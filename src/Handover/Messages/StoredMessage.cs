namespace Handover.Messages;

/// <summary>
/// A message as persisted on a conversation. Internal notes are agent-only and never leave the inbox.
/// <see cref="LackOfInformation"/> marks an AI turn that could not answer from its knowledge (T2).
/// </summary>
public sealed record StoredMessage(
    long Id,
    string ConversationId,
    MessageRole Role,
    string Text,
    string? AgentId,
    bool Internal,
    string? DeliveryStatus,
    string? DeliveryError,
    DateTimeOffset At,
    bool LackOfInformation,
    double? Confidence);

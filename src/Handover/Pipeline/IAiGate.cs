using Handover.Conversations;

namespace Handover.Pipeline;

/// <summary>
/// Asked before the AI takes a turn on a conversation it drives: null lets it answer; a hold keeps it silent, or hands
/// the conversation to the agents' queue when <see cref="AiHold.HandOverWith"/> is set (an unpublished AI, L10).
/// </summary>
public interface IAiGate
{
    Task<AiHold?> CheckAsync(Conversation conversation, bool isNew, CancellationToken cancellationToken);
}

public sealed record AiHold(HandoverReason? HandOverWith);

using Handover.Conversations;

namespace Handover.Pipeline;

/// <summary>
/// Asked before the AI takes a turn on a conversation it drives: null lets it answer; a hold keeps it silent, or hands
/// the conversation to the agents' queue when <see cref="AiHold.HandOverWith"/> is set (an unpublished AI, L10).
/// </summary>
public interface IAiGate
{
    /// <summary>
    /// A query that selects one number about the conversation <paramref name="conversationIdSql"/> names (a subquery),
    /// at <c>@now</c> (Unix ms). The pipeline runs it with its own reads, in the same round trip, and hands the number
    /// to <see cref="CheckAsync"/> (for a new conversation, whatever it found about the one at the address before).
    /// </summary>
    string ReadSql(string conversationIdSql);

    Task<AiHold?> CheckAsync(Conversation conversation, bool isNew, long read, CancellationToken cancellationToken);
}

public sealed record AiHold(HandoverReason? HandOverWith);

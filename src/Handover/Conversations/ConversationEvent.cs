namespace Handover.Conversations;

/// <summary>One recorded transition (L2): who did what, from which state to which, why, and when.</summary>
public sealed record ConversationEvent(
    string ConversationId,
    ConversationVerb Verb,
    string Actor,
    string? From,
    string To,
    HandoverReason? Reason,
    string? Note,
    DateTimeOffset At)
{
    /// <summary>Position in the event log (0 before it is stored).</summary>
    public long Id { get; init; }

    /// <summary>The bot and channel of the conversation, filled when read from the log.</summary>
    public string? BotId { get; init; }
}

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
    DateTimeOffset At);

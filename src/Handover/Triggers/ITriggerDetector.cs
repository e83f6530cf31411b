using Handover.Assistant;
using Handover.Conversations;

namespace Handover.Triggers;

/// <summary>
/// Decides, for a shopper's message to the AI, whether the conversation should go to a human now, and why (T6).
/// The bot's dialogs implement the full set of triggers; the core only asks.
/// </summary>
public interface ITriggerDetector
{
    HandoverReason? Detect(TriggerContext context);
}

public sealed record TriggerContext(string BotId, string Text, IReadOnlyList<ContextTurn> History);

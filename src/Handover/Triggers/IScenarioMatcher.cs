using Handover.Conversations;

namespace Handover.Triggers;

/// <summary>
/// The admin's scenarios (T5) for one shopper message: the first rule of the bot that fires, with the words that fired it,
/// or null. One implementation evaluates them (the host's dialogs); everything else that needs scenarios asks it.
/// </summary>
public interface IScenarioMatcher
{
    HandoverReason? Match(string botId, string text);
}

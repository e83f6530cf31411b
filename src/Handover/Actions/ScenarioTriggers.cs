using Handover.Conversations;
using Handover.Settings;
using Handover.Triggers;

namespace Handover.Actions;

/// <summary>
/// The bot file's say over the core's triggers, for a host whose AI turn is the core's plain one (no dialogs): no handover
/// at all when the bot does not hand over or the plan leaves it out (<see cref="HandoverAbility"/>), contact requests only when enabled, and the admin's scenarios (T5), which it
/// does not evaluate itself but asks the host's <see cref="IScenarioMatcher"/> for (none without one). The product's
/// dialogs evaluate T1 and T5 themselves and do not come through here, so each message is matched against the scenarios once.
/// </summary>
public sealed class ScenarioTriggers(ITriggerDetector inner, BotConfigCatalog bots, HandoverAbility ability, IScenarioMatcher? scenarios) : ITriggerDetector
{
    public HandoverReason? Detect(TriggerContext context)
    {
        var bot = bots.For(context.BotId);
        if (!ability.BotHandsOver(bot))
            return null;
        if (scenarios?.Match(context.BotId, context.Text) is { } scenario)
            return scenario;
        var reason = inner.Detect(context);
        if (reason?.Trigger == HandoverTriggers.ContactRequest && !bot.Triggers.ContactRequest)
            return null;
        return reason;
    }
}

using Handover.Conversations;
using Handover.Settings;
using Handover.Triggers;

namespace Handover.Actions;

/// <summary>
/// The bot file's say over triggers, around the detector the core already has: no handover at all when the bot does not
/// hand over or the plan leaves it out (<see cref="HandoverAbility"/>), contact requests only when enabled, and the admin's
/// scenarios (T5): a topic keyword and, when set, an amount in the message above the threshold in that currency
/// ("refund ... $349.99" over 200 USD). Frustration scenarios are left to the dialogs, which read sentiment.
/// </summary>
public sealed class ScenarioTriggers(ITriggerDetector inner, BotConfigCatalog bots, HandoverAbility ability) : ITriggerDetector
{
    public HandoverReason? Detect(TriggerContext context)
    {
        var bot = bots.For(context.BotId);
        if (!ability.BotHandsOver(bot))
            return null;
        if (Scenario(bot, context.Text) is { } scenario)
            return scenario;
        var reason = inner.Detect(context);
        if (reason?.Trigger == HandoverTriggers.ContactRequest && !bot.Triggers.ContactRequest)
            return null;
        return reason;
    }

    public static HandoverReason? Scenario(BotConfig bot, string text)
    {
        foreach (var s in bot.Scenarios)
        {
            if (Match(s, text) is { } reason)
                return reason;
        }
        return null;
    }

    /// <summary>
    /// One topic or amount rule against the message. Frustration rules never match here: they need the shopper's
    /// sentiment, which the bot's dialogs read (BotHost's ScenarioRules).
    /// </summary>
    public static HandoverReason? Match(ScenarioConfig s, string text)
    {
        if (s.Frustration)
            return null;
        var lower = text.ToLowerInvariant();
        var keyword = s.Topic.FirstOrDefault(k => lower.Contains(k.ToLowerInvariant(), StringComparison.Ordinal));
        if (keyword is null)
            return null;
        if (s.AmountOver is null)
            return new HandoverReason(HandoverTriggers.Scenario, s.Name, keyword, 0.8);
        var amount = Amounts.Find(text).FirstOrDefault(a => a.Currency == s.AmountOver.Currency && a.Value > s.AmountOver.Value);
        return amount.Text is null ? null : new HandoverReason(HandoverTriggers.Scenario, s.Name, $"{keyword} {amount.Text}", 0.9);
    }
}

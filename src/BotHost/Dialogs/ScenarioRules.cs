using System.Globalization;
using Handover.Bots;
using Handover.Conversations;
using Handover.Settings;
using Handover.Triggers;
using Microsoft.Extensions.Options;

namespace BotHost.Dialogs;

/// <summary>
/// The admin's scenarios (T5): the first rule that fires, with the words that fired it. The one place scenarios are
/// evaluated: the dialogs ask it for every shopper message the AI reads, the admin's dry run for every line, and the core
/// (through <see cref="IScenarioMatcher"/>) when it runs without the dialogs. Topics match as whole words, amounts are
/// read by the currency recognizer ("$" in the bot's default currency).
/// </summary>
internal sealed class ScenarioRules(Readings readings, IOptionsMonitor<BotsOptions> bots, HandoverAbility handover) : IScenarioMatcher
{
    /// <summary>The bot's live settings; nothing fires when the bot may not hand over (<see cref="HandoverAbility"/>).</summary>
    public HandoverReason? Match(string botId, string text) =>
        handover.BotHandsOver(botId) ? FirstMatch(text, bots.CurrentValue.For(botId)) : null;

    public HandoverReason? FirstMatch(string text, BotSettings settings)
    {
        foreach (var rule in settings.Scenarios)
        {
            if (Evaluate(rule, text, settings) is { } reason)
                return reason;
        }
        return null;
    }

    private HandoverReason? Evaluate(ScenarioRule rule, string text, BotSettings settings)
    {
        var evidence = new List<string>();
        if (rule.Frustration)
        {
            var score = Sentiment.Score(text);
            if (score > settings.FrustrationThreshold)
                return null;
            evidence.Add($"sentiment {score.ToString("0.00", CultureInfo.InvariantCulture)}");
        }
        if (rule.Topic is not null || rule.Keywords.Count > 0)
        {
            if (Topics.FindIn(text, Topics.WordsOf(rule.Topic, rule.Keywords)) is not { } word)
                return null;
            evidence.Add(word);
        }
        if (rule.AmountOver is { } threshold)
        {
            var amount = readings.Amounts(text, settings.DefaultCurrency)
                .FirstOrDefault(a => string.Equals(a.Currency, threshold.Currency, StringComparison.OrdinalIgnoreCase) && a.Value > threshold.Value);
            if (amount is null)
                return null;
            evidence.Add($"{amount.Value.ToString(CultureInfo.InvariantCulture)} {amount.Currency}");
        }
        return evidence.Count == 0 ? null : new HandoverReason(HandoverTriggers.Scenario, rule.Name, string.Join("; ", evidence), 0.9);
    }
}

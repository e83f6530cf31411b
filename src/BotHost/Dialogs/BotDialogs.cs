using Handover.Assistant;
using Handover.Bots;
using Handover.Conversations;
using Handover.Settings;
using Handover.Triggers;
using Microsoft.Extensions.Options;

namespace BotHost.Dialogs;

/// <summary>
/// The bot's dialogs: one shopper message in, the AI's decision out, with the typed <see cref="DialogState"/>.
/// In order: an open offer of a person gets its yes or no (T4); "thanks, that's all" closes (T8); a contact request
/// (T1) or an admin's scenario (T5) hands over; otherwise the AI answers (T2 when it cannot), counting unsuccessful
/// attempts (T3) until it hands over or, with offerBeforeHandover, offers a person. In Semi-automate (T7) a handover
/// becomes an escalation suggestion and the AI goes on answering. T1 and T5 are read here, once per message, with the
/// plain contact-request detector and <see cref="ScenarioRules"/> (not through the core's trigger decorator).
/// </summary>
internal sealed class BotDialogs(
    IAnswerEngine answers, ContactRequestDetector contactRequests, ScenarioRules scenarios, Readings readings, IOptionsMonitor<BotsOptions> bots,
    HandoverAbility handover) : IAssistantTurn
{
    /// <summary>A question this close to the previous one (content words) is the shopper asking again.</summary>
    private const double RepeatedQuestionSimilarity = 0.5;

    public async Task<AssistantDecision> DecideAsync(AssistantTurnContext context, CancellationToken cancellationToken)
    {
        var handsOver = handover.BotHandsOver(context.BotId);
        var settings = handsOver ? bots.CurrentValue.For(context.BotId) : NeverHandingOver(bots.CurrentValue.For(context.BotId));
        var state = DialogState.Parse(context.DialogState) ?? AfterHumanPart(context.History);
        var text = context.Text.Trim();

        if (state.Active == DialogIds.OfferTransfer && state.Offer is { } offer)
        {
            switch (readings.Confirmation(text))
            {
                case true:
                    return HandOver(new HandoverReason(offer.Trigger, offer.Rule, offer.Evidence, offer.Confidence), [], DialogState.Fresh);
                case false:
                    return Decide([new AssistantReply(settings.OfferDeclinedText)], state with { Active = DialogIds.Answer, Offer = null, FailedAttempts = 0 });
                default:
                    state = state with { Active = DialogIds.Answer, Offer = null }; // an unrelated message: the offer lapses
                    break;
            }
        }

        if (settings.CloseOnThanks && TextSignals.IsClosing(text))
            return new AssistantDecision([new AssistantReply(settings.ClosingText)], DialogState.Fresh.Serialize()) { Close = true };

        var asked = settings.ContactRequest ? contactRequests.Detect(new TriggerContext(context.BotId, text, context.History)) : null;
        var scenario = asked is null ? scenarios.FirstMatch(text, settings) : null;
        if ((asked ?? scenario) is { } reason && settings.Mode == HandoverMode.Automate)
            return HandOver(reason, [], DialogState.Fresh);

        var answer = await answers.AnswerAsync(new AnswerRequest(context.BotId, text, WithSummary(context.History, state)), cancellationToken);
        var reply = new AssistantReply(answer.Text, !answer.Known, answer.Confidence);
        // An LLM backend may itself judge that a person should take over (not where this bot does not hand over).
        if (answer.HandoverReason is { } why && handsOver)
        {
            var byModel = new HandoverReason(HandoverTriggers.LackOfInformation, "the assistant asked for a person", why, answer.Confidence);
            return settings.Mode == HandoverMode.Automate
                ? HandOver(byModel, [reply], DialogState.Fresh)
                : Decide([reply], state with { LastQuestion = text }) with { EscalationSuggested = byModel };
        }
        var failure = FailureOf(text, answer, state);
        var failed = failure is null ? 0 : state.FailedAttempts + 1;
        var next = state with { FailedAttempts = failed, LastQuestion = text };

        if ((asked ?? scenario) is { } suggested)
            return Decide([reply], next) with { EscalationSuggested = suggested };

        if (failure is not null && failed >= settings.FailedAttemptLimit)
        {
            var t3 = new HandoverReason(HandoverTriggers.FailedAttempts, $"{failed} unsuccessful attempts", failure, 0.8);
            if (settings.Mode == HandoverMode.SemiAutomate)
                return Decide([reply], next) with { EscalationSuggested = t3 };
            if (settings.OfferBeforeHandover)
            {
                var offerText = answer.Known ? $"{answer.Text}\n\n{settings.OfferText}" : settings.OfferText;
                return Decide([new AssistantReply(offerText, !answer.Known, answer.Confidence)],
                    next with { Active = DialogIds.OfferTransfer, Offer = new PendingOffer(t3.Trigger, t3.Rule, t3.Evidence, t3.Confidence) });
            }
            return HandOver(t3, answer.Known ? [reply] : [], DialogState.Fresh);
        }
        return Decide([reply], next);
    }

    /// <summary>Why this turn counts as an unsuccessful attempt (T3), or null: no answer, "that didn't help", or the same question again.</summary>
    private static string? FailureOf(string text, Answer answer, DialogState state)
    {
        if (TextSignals.SaysItDidNotHelp(text))
            return text;
        if (!answer.Known)
            return text;
        if (state.LastQuestion is { } last && TextSignals.Similarity(last, text) >= RepeatedQuestionSimilarity)
            return $"asked again: {text}";
        return null;
    }

    private static AssistantDecision HandOver(HandoverReason reason, IReadOnlyList<AssistantReply> replies, DialogState state) =>
        new(replies, state.Serialize()) { HandOver = reason };

    /// <summary>
    /// Where the bot does not hand over (<see cref="HandoverAbility"/>: its own setting, or the plan): the AI answers and
    /// never hands over, offers a person or suggests one.
    /// </summary>
    private static BotSettings NeverHandingOver(BotSettings settings) => new()
    {
        ContactRequest = false, Scenarios = [], FailedAttemptLimit = int.MaxValue, OfferBeforeHandover = false,
        CloseOnThanks = settings.CloseOnThanks, ClosingText = settings.ClosingText, DefaultCurrency = settings.DefaultCurrency,
    };

    private static AssistantDecision Decide(IReadOnlyList<AssistantReply> replies, DialogState state) => new(replies, state.Serialize());

    /// <summary>
    /// B1: the first AI turn after a human part. The AI starts from a fresh state (no old offer or failure count) with a
    /// short summary of what the humans said, and without its own "connecting you" notices in its context.
    /// </summary>
    private static DialogState AfterHumanPart(IReadOnlyList<ContextTurn> history)
    {
        var human = history.Where(t => t.Role == "human").Select(t => t.Text).TakeLast(3).ToList();
        return human.Count == 0 ? DialogState.Fresh : DialogState.Fresh with { HumanSummary = "An agent told the shopper: " + string.Join(" / ", human) };
    }

    private static List<ContextTurn> WithSummary(IReadOnlyList<ContextTurn> history, DialogState state)
    {
        var context = history.Where(t => t.Role != "system").ToList();
        if (state.HumanSummary is { } summary)
            context.Insert(0, new ContextTurn("system", summary));
        return context;
    }
}

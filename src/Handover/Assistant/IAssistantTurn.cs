using Handover.Conversations;

namespace Handover.Assistant;

/// <summary>
/// The AI's side of one shopper message while the AI drives the conversation: the bot's dialogs decide whether to
/// answer, offer a person, hand over (and why), suggest an escalation, or close. <see cref="AssistantDecision.DialogState"/>
/// is the dialogs' own typed state, serialized; the core stores it with the conversation by compare-and-set.
/// </summary>
public interface IAssistantTurn
{
    Task<AssistantDecision> DecideAsync(AssistantTurnContext context, CancellationToken cancellationToken);
}

public sealed record AssistantTurnContext(
    string BotId,
    string ConversationId,
    string Text,
    string? ValueJson,
    IReadOnlyList<ContextTurn> History,
    string? DialogState);

/// <summary>A message the AI sends. <see cref="LackOfInformation"/> marks an answer it could not give (T2).</summary>
public sealed record AssistantReply(string Text, bool LackOfInformation = false, double? Confidence = null);

public sealed record AssistantDecision(IReadOnlyList<AssistantReply> Replies, string? DialogState)
{
    /// <summary>Hand the conversation to the agents now (Automate), for this reason.</summary>
    public HandoverReason? HandOver { get; init; }

    /// <summary>Semi-automate: the AI keeps answering; the conversation is flagged and admins are told.</summary>
    public HandoverReason? EscalationSuggested { get; init; }

    /// <summary>The shopper is done ("thanks, that's all"): resolve the conversation (T8).</summary>
    public bool Close { get; init; }
}

/// <summary>
/// The plain turn, used when the host has no dialogs: hand over on a contact request, otherwise answer from the
/// knowledge base. No dialog state.
/// </summary>
public sealed class PlainAssistantTurn(Triggers.ITriggerDetector triggers, IAnswerEngine answers) : IAssistantTurn
{
    public async Task<AssistantDecision> DecideAsync(AssistantTurnContext context, CancellationToken cancellationToken)
    {
        if (triggers.Detect(new Triggers.TriggerContext(context.BotId, context.Text, context.History)) is { } reason)
            return new AssistantDecision([], null) { HandOver = reason };
        var answer = await answers.AnswerAsync(new AnswerRequest(context.BotId, context.Text, context.History), cancellationToken);
        return new AssistantDecision([new AssistantReply(answer.Text, !answer.Known, answer.Confidence)], null);
    }
}

namespace Handover.Assistant;

/// <summary>
/// The AI assistant's brain: answers a shopper's question for one bot. The embedded engine answers from the bot's
/// knowledge base by scored retrieval; an LLM backend can implement the same interface.
/// </summary>
public interface IAnswerEngine
{
    ValueTask<Answer> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken);
}

/// <summary>One turn of earlier conversation given to the engine as context (role is "shopper", "ai", "human" or "system").</summary>
public sealed record ContextTurn(string Role, string Text);

public sealed record AnswerRequest(string BotId, string Question, IReadOnlyList<ContextTurn> History);

/// <summary>
/// The engine's reply. <see cref="Known"/> is false when the confidence is below the bot's threshold: then
/// <see cref="Text"/> is an honest "I don't know" and the turn counts as lack of information (T2).
/// </summary>
public sealed record Answer(string Text, double Confidence, bool Known, string? SourceId)
{
    /// <summary>
    /// Set when the engine itself judges that a human should take over (an LLM backend may), with its reason in
    /// words; null otherwise. <see cref="Text"/> is still the reply for the shopper.
    /// </summary>
    public string? HandoverReason { get; init; }
}

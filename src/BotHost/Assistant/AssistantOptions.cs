namespace BotHost.Assistant;

/// <summary>
/// Settings of the embedded answer engine (section "Assistant"). Every value has a working default; the demo bot
/// answers from the shipped demo knowledge base without any configuration.
/// </summary>
public sealed class AssistantOptions
{
    public const string SectionName = "Assistant";

    public const string DefaultUnknownAnswer =
        "I'm sorry, I don't have information about that. I can connect you with someone from our team if you like.";

    /// <summary>
    /// Below this confidence (0 to 1) the engine says it does not know instead of answering (T2). Higher is more
    /// careful: fewer wrong answers, more handovers.
    /// </summary>
    public double ConfidenceThreshold { get; set; } = 0.5;

    /// <summary>What the shopper reads when the knowledge base has no answer.</summary>
    public string UnknownAnswer { get; set; } = DefaultUnknownAnswer;

    /// <summary>
    /// Knowledge base file per bot id ("Assistant:KnowledgeBases:shop1" = "kb/shop1.yaml"): .yaml/.yml, or .md.
    /// Relative paths are looked up next to the application, then in the content root. The demo bot ("demo")
    /// uses the shipped demo file unless configured here.
    /// </summary>
    public IDictionary<string, string> KnowledgeBases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}

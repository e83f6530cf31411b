namespace BotHost.Assistant;

/// <summary>
/// The best entry for a question and how sure the index is. <see cref="Entry"/> is -1 when no entry shares a word
/// with the question. <see cref="Coverage"/> and <see cref="Margin"/> are the two parts of the confidence, kept
/// for calibration and for logs.
/// </summary>
internal readonly record struct KnowledgeMatch(int Entry, double Confidence, double Coverage, double Margin)
{
    public static KnowledgeMatch None => new(-1, 0, 0, 0);
}

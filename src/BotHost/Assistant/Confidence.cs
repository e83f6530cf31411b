namespace BotHost.Assistant;

/// <summary>
/// Turns a search into a confidence in [0, 1] that means the same for every question, which raw BM25 scores do
/// not (they grow with the length of the question and the size of the knowledge base).
/// </summary>
/// <remarks>
/// Two measures, both already in [0, 1]:
/// <list type="bullet">
/// <item>coverage: the share of the question's information (the IDF mass of its content words) that the best entry
/// contains; a word the knowledge base has never seen counts more than its rarest word, so "can you ship me a
/// pizza" is mostly unknown even though "ship" matches;</item>
/// <item>margin: how far the best entry is ahead of the runner-up, (best - second) / best.</item>
/// </list>
/// Coverage decides; a close runner-up only takes off up to <see cref="TiePenalty"/>, because two entries that
/// both fit are usually both about the question (the returns policy and how to return), not a sign of ignorance.
/// The weights are calibrated by the labelled questions in the tests (Assistant/LabelledQuestions.cs).
/// </remarks>
internal static class Confidence
{
    /// <summary>What an exact tie with the runner-up takes off the coverage, as a share.</summary>
    public const double TiePenalty = 0.3;

    public static double Of(double coverage, double margin) =>
        Math.Clamp(coverage * (1 - TiePenalty * (1 - margin)), 0, 1);

    public static double Margin(double best, double runnerUp) =>
        best <= 0 ? 0 : Math.Clamp((best - runnerUp) / best, 0, 1);
}

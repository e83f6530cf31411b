using System.Collections.Frozen;
using Handover.Assistant;

namespace BotHost.Assistant;

/// <summary>
/// The built-in <see cref="IAnswerEngine"/>: answers from the bot's knowledge base by BM25 retrieval, and says
/// honestly that it does not know when the confidence is below <see cref="AssistantOptions.ConfidenceThreshold"/>.
/// </summary>
/// <remarks>
/// Indexes are built once and never change, so answering is lock-free and thread-safe; it takes microseconds and
/// allocates only the <see cref="Answer"/>. The conversation history is not used: a follow-up such as "and to
/// Canada?" carries its own topic word, and mixing in earlier turns made unanswerable follow-ups ("what about
/// insurance for my car then") look answerable.
/// </remarks>
internal sealed class EmbeddedAnswerEngine : IAnswerEngine
{
    private readonly FrozenDictionary<string, KnowledgeIndex> _indexes;
    private readonly double _threshold;
    private readonly string _unknownAnswer;
    private readonly Answer _noKnowledgeBase;

    public EmbeddedAnswerEngine(IReadOnlyDictionary<string, KnowledgeIndex> indexes, AssistantOptions options)
    {
        _indexes = indexes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _threshold = options.ConfidenceThreshold;
        _unknownAnswer = options.UnknownAnswer;
        _noKnowledgeBase = new Answer(_unknownAnswer, 0, Known: false, SourceId: null);
    }

    public ValueTask<Answer> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (cancellationToken.IsCancellationRequested)
            return ValueTask.FromCanceled<Answer>(cancellationToken);
        return ValueTask.FromResult(Respond(request.BotId, request.Question));
    }

    /// <summary>Answers without the request wrapper; an unknown bot gets the "I don't know" answer.</summary>
    public Answer Respond(string? botId, string? question)
    {
        if (botId is null || !_indexes.TryGetValue(botId, out var index))
            return _noKnowledgeBase;

        var match = index.Search(question);
        if (match.Entry < 0)
            return _noKnowledgeBase;
        if (match.Confidence < _threshold)
            return new Answer(_unknownAnswer, match.Confidence, Known: false, SourceId: null);

        var entry = index.Entries[match.Entry];
        return new Answer(entry.Answer, match.Confidence, Known: true, entry.Id);
    }

    /// <summary>The bot's entries that best fit the question, best first, at most <paramref name="count"/>; none for an unknown bot.</summary>
    public IReadOnlyList<KnowledgeEntry> Retrieve(string? botId, string? question, int count)
    {
        if (botId is null || !_indexes.TryGetValue(botId, out var index))
            return [];
        return index.Top(question, count).Select(e => index.Entries[e]).ToArray();
    }
}

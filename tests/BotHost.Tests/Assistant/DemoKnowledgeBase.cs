using BotHost.Assistant;

namespace BotHost.Tests.Assistant;

/// <summary>The shipped demo knowledge base, read and indexed once for all tests (it is immutable).</summary>
internal static class DemoKnowledgeBase
{
    private static readonly Lazy<KnowledgeIndex> Lazy = new(() =>
        KnowledgeIndexBuilder.Build(KnowledgeBaseFile.Read(KnowledgeBaseCatalog.DemoKnowledgeBasePath)));

    public static KnowledgeIndex Index => Lazy.Value;

    /// <summary>An engine with default options answering for the demo bot.</summary>
    public static EmbeddedAnswerEngine Engine(AssistantOptions? options = null) =>
        new(new Dictionary<string, KnowledgeIndex> { [KnowledgeBaseCatalog.DemoBotId] = Index }, options ?? new AssistantOptions());

    /// <summary>The id of the entry the index picks, known or not, for messages that explain a failure.</summary>
    public static string Describe(string question)
    {
        var match = Index.Search(question);
        var id = match.Entry < 0 ? "(none)" : Index.Entries[match.Entry].Id;
        var terms = KnowledgeIndexBuilder.Terms(question).Select(term =>
            !Index.TryFindTerm(term, out var found) ? $"?{term}"
            : Index.TermText(found) == term ? term
            : $"{term}~{Index.TermText(found)}");
        return $"'{question}' -> {id} confidence {match.Confidence:F2} (coverage {match.Coverage:F2}, margin {match.Margin:F2}); terms [{string.Join(", ", terms)}]";
    }
}

using Handover.Messages;

namespace BotHost.Assistant;

/// <summary>
/// Reads one knowledge base file (YAML, or Markdown for FAQ documents) and applies the checks every format shares.
/// Any problem ends in one <see cref="KnowledgeBaseException"/> that lists them all.
/// </summary>
internal static class KnowledgeBaseFile
{
    public static bool IsSupported(string path) => FormatOf(path) is not null;

    public static IReadOnlyList<KnowledgeEntry> Read(string path)
    {
        var format = FormatOf(path)
            ?? throw new KnowledgeBaseException($"Knowledge base '{path}' has an unknown format; use .yaml, .yml or .md.");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KnowledgeBaseException($"Knowledge base '{path}' cannot be read: {e.Message}", e);
        }

        var problems = new KnowledgeBaseProblems(path);
        var drafts = format == Format.Yaml
            ? YamlKnowledgeBaseReader.Read(text, problems)
            : MarkdownKnowledgeBaseReader.Read(text, problems);
        var entries = Check(drafts, problems);
        problems.ThrowIfAny();
        return entries;
    }

    private static List<KnowledgeEntry> Check(List<EntryDraft> drafts, KnowledgeBaseProblems problems)
    {
        var entries = new List<KnowledgeEntry>(drafts.Count);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var draft in drafts)
        {
            var id = draft.Id?.Trim();
            if (string.IsNullOrEmpty(id))
                problems.Add(draft, "'id' is missing.");
            else if (id.Any(char.IsWhiteSpace))
                problems.Add(draft, $"'id' must not contain spaces (was '{id}').");
            else if (!seen.TryAdd(id, draft.Number))
                problems.Add(draft, $"'id' is the same as entry {seen[id]}'s; ids must be unique.");

            var questions = draft.Questions.Select(q => q.Trim()).Where(q => q.Length > 0).ToArray();
            if (questions.Length == 0)
                problems.Add(draft, "'questions' is missing or empty; give at least one way a shopper asks this.");

            var answer = draft.Answer?.Trim();
            if (string.IsNullOrEmpty(answer))
                problems.Add(draft, "'answer' is missing or empty.");
            else if (answer.Length > MessageLimits.MaxTextLength)
                problems.Add(draft, $"'answer' is {answer.Length} characters; a message holds at most {MessageLimits.MaxTextLength}.");

            if (!string.IsNullOrEmpty(id) && questions.Length > 0 && !string.IsNullOrEmpty(answer))
                entries.Add(new KnowledgeEntry(id, questions, answer, draft.Keywords.Select(k => k.Trim()).Where(k => k.Length > 0).ToArray()));
        }
        if (drafts.Count == 0 && !problems.Any)
            problems.Add(1, "the knowledge base has no entries (YAML: a list of '- id: ...' entries; Markdown: '## question' headings).");
        return entries;
    }

    private static Format? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".yaml" or ".yml" => Format.Yaml,
        ".md" or ".markdown" => Format.Markdown,
        _ => null,
    };

    private enum Format
    {
        Yaml,
        Markdown,
    }
}

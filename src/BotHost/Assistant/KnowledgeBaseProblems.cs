namespace BotHost.Assistant;

/// <summary>
/// Collects everything wrong with one knowledge base file so the author fixes it in one go, each problem with its
/// line and entry, e.g. "line 14: entry 3 ('returns'): 'answer' is missing".
/// </summary>
internal sealed class KnowledgeBaseProblems(string path)
{
    private readonly List<string> _problems = [];

    public bool Any => _problems.Count > 0;

    public void Add(long line, string problem) => _problems.Add($"line {line}: {problem}");

    /// <summary>A problem of one entry, at the entry's first line unless a more precise one is known.</summary>
    public void Add(EntryDraft entry, string problem, long? line = null) =>
        Add(line ?? entry.Line, $"entry {entry.Number}{(string.IsNullOrWhiteSpace(entry.Id) ? "" : $" ('{entry.Id}')")}: {problem}");

    /// <summary>Throws one exception naming the file and listing every problem, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count == 1)
            throw new KnowledgeBaseException($"Knowledge base '{path}' is invalid: {_problems[0]}");
        if (_problems.Count > 1)
            throw new KnowledgeBaseException(
                $"Knowledge base '{path}' is invalid ({_problems.Count} problems):{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", _problems));
    }
}

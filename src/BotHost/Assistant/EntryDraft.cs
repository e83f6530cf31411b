namespace BotHost.Assistant;

/// <summary>An entry as read from a file, before the checks common to every format.</summary>
internal sealed class EntryDraft(int number, long line)
{
    /// <summary>1-based position in the file, as an author counts.</summary>
    public int Number { get; } = number;

    public long Line { get; } = line;

    public string? Id { get; set; }

    public List<string> Questions { get; } = [];

    public string? Answer { get; set; }

    public List<string> Keywords { get; } = [];
}

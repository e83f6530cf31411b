using System.Text;

namespace BotHost.Assistant;

/// <summary>
/// Reads the Markdown knowledge base format, for shops that keep their FAQ as a document:
/// <code>
/// ## How long does standard shipping take?   {#shipping-time}
/// - How many days does delivery take?
/// - When will my order arrive?
/// Keywords: transit, business days
///
/// Standard shipping takes 3-5 business days ...
/// </code>
/// Every <c>## </c> heading starts an entry and is its first question. List items and a <c>Keywords:</c> line
/// directly under the heading are more phrasings and keywords; the first other line (a blank one, usually) starts
/// the answer, which runs to the next <c>## </c> heading. The id is the optional <c>{#id}</c> at the end of the
/// heading, else the heading made into a slug. Anything before the first <c>## </c> heading is ignored.
/// </summary>
internal static class MarkdownKnowledgeBaseReader
{
    private const string KeywordsPrefix = "Keywords:";

    public static List<EntryDraft> Read(string text, KnowledgeBaseProblems problems)
    {
        var entries = new List<EntryDraft>();
        EntryDraft? entry = null;
        var answer = new StringBuilder();
        var inHeaderBlock = false;
        var lines = text.ReplaceLineEndings("\n").Split('\n');

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Finish(entry, answer);
                entry = new EntryDraft(entries.Count + 1, i + 1);
                entries.Add(entry);
                ReadHeading(line[3..], entry, problems);
                inHeaderBlock = true;
                continue;
            }
            if (entry is null)
                continue;

            var trimmed = line.Trim();
            if (inHeaderBlock && (trimmed.StartsWith("- ", StringComparison.Ordinal) || trimmed.StartsWith("* ", StringComparison.Ordinal)))
            {
                entry.Questions.Add(trimmed[2..].Trim());
                continue;
            }
            if (inHeaderBlock && trimmed.StartsWith(KeywordsPrefix, StringComparison.OrdinalIgnoreCase))
            {
                entry.Keywords.AddRange(trimmed[KeywordsPrefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                continue;
            }
            inHeaderBlock = false;
            answer.Append(line).Append('\n');
        }
        Finish(entry, answer);
        return entries;
    }

    private static void ReadHeading(string heading, EntryDraft entry, KnowledgeBaseProblems problems)
    {
        heading = heading.Trim();
        var idStart = heading.LastIndexOf("{#", StringComparison.Ordinal);
        if (idStart >= 0 && heading.EndsWith('}'))
        {
            entry.Id = heading[(idStart + 2)..^1].Trim();
            heading = heading[..idStart].Trim();
        }
        if (heading.Length == 0)
        {
            problems.Add(entry, "the '## ' heading has no question.");
            return;
        }
        entry.Id ??= Slug(heading);
        entry.Questions.Add(heading);
    }

    private static void Finish(EntryDraft? entry, StringBuilder answer)
    {
        if (entry is not null)
            entry.Answer = answer.ToString().Trim();
        answer.Clear();
    }

    private static string Slug(string heading)
    {
        var slug = new StringBuilder(heading.Length);
        foreach (var c in heading)
        {
            if (char.IsLetterOrDigit(c))
                slug.Append(char.ToLowerInvariant(c));
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        return slug.ToString().TrimEnd('-');
    }
}

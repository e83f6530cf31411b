using System.Text.RegularExpressions;

namespace BotHost.Dialogs;

/// <summary>Built-in topics an admin can name in a scenario, with the words that mean them; any other topic name is its own word.</summary>
internal static class Topics
{
    private static readonly Dictionary<string, string[]> BuiltIn = new(StringComparer.OrdinalIgnoreCase)
    {
        ["refund"] = ["refund", "refunds", "refunded", "money back", "reimburse", "reimbursement", "chargeback", "charge back", "reembolso", "remboursement", "erstattung"],
        ["legal"] = ["lawyer", "attorney", "legal", "sue", "suing", "court", "lawsuit", "solicitor", "consumer protection"],
        ["cancellation"] = ["cancel", "cancellation", "cancelled", "canceled", "terminate", "stop my order", "call off"],
        ["complaint"] = ["complaint", "complain", "complaining", "unacceptable", "disgrace", "report you"],
        ["damaged"] = ["damaged", "broken", "torn", "defective", "faulty", "ripped", "stain", "stained"],
    };

    public static IEnumerable<string> Names => BuiltIn.Keys;

    /// <summary>The words of a topic: built-in ones plus the scenario's own keywords.</summary>
    public static IReadOnlyList<string> WordsOf(string? topic, IEnumerable<string> keywords)
    {
        var words = new List<string>(keywords);
        if (topic is not null)
            words.AddRange(BuiltIn.TryGetValue(topic, out var known) ? known : [topic]);
        return words;
    }

    /// <summary>The first of <paramref name="words"/> that stands in <paramref name="text"/> as a whole word or phrase.</summary>
    public static string? FindIn(string text, IReadOnlyList<string> words)
    {
        var lower = text.ToLowerInvariant();
        foreach (var word in words)
        {
            var w = word.ToLowerInvariant();
            for (var at = lower.IndexOf(w, StringComparison.Ordinal); at >= 0; at = lower.IndexOf(w, at + 1, StringComparison.Ordinal))
            {
                var before = at == 0 || !char.IsLetterOrDigit(lower[at - 1]);
                var end = at + w.Length;
                var after = end == lower.Length || !char.IsLetterOrDigit(lower[end]);
                if (before && after)
                    return text.Substring(at, w.Length);
            }
        }
        return null;
    }

    /// <summary>Every built-in topic named in <paramref name="text"/> (for the detect verb).</summary>
    public static IReadOnlyList<string> In(string text) =>
        BuiltIn.Where(t => FindIn(text, t.Value) is not null).Select(t => t.Key).ToList();
}

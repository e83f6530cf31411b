using System.Text.RegularExpressions;

namespace BotHost.Dialogs;

/// <summary>Small, linear-time readings of a shopper's message that the dialogs need.</summary>
internal static partial class TextSignals
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "i", "me", "my", "you", "your", "we", "our", "it", "is", "are", "was", "be", "do", "does", "did", "can", "could",
        "would", "will", "to", "of", "for", "in", "on", "at", "with", "and", "or", "but", "so", "then", "what", "about", "how", "this",
        "that", "there", "please", "pls", "also", "just", "any", "have", "has", "get", "if", "again", "still", "again", "ok", "okay",
    };

    /// <summary>The content words of a message, lower case, crude plural folding: for "asked again in other words".</summary>
    public static HashSet<string> ContentWords(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(text.ToLowerInvariant()))
        {
            var w = m.Value;
            if (StopWords.Contains(w) || w.Length < 3)
                continue;
            words.Add(w.Length > 4 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1] : w);
        }
        return words;
    }

    /// <summary>Jaccard similarity of content words, in [0, 1].</summary>
    public static double Similarity(string a, string b)
    {
        var x = ContentWords(a);
        var y = ContentWords(b);
        if (x.Count == 0 || y.Count == 0)
            return 0;
        var shared = x.Count(y.Contains);
        return shared / (double)(x.Count + y.Count - shared);
    }

    /// <summary>"that didn't help", "still not what I asked": the last answer failed (T3).</summary>
    public static bool SaysItDidNotHelp(string text) => DidNotHelp().IsMatch(text);

    /// <summary>"thanks, that's all", "that's everything, bye": the shopper is done (T8). Not when a question follows.</summary>
    public static bool IsClosing(string text) => !text.Contains('?', StringComparison.Ordinal) && Closing().IsMatch(text);

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Word();

    [GeneratedRegex(
        @"\b(?:(?:that|this|it|you)\s+(?:did\s*n[o']?t|didnt|does\s*n[o']?t|doesnt|do\s*n[o']?t|dont)\s+(?:help|answer|work)|not\s+(?:helpful|what\s+i\s+(?:asked|meant|need|wanted))|(?:that|this)(?:'s|\s+is)\s+not\s+(?:it|helpful|right|what\s+i)|still\s+(?:not|doesn'?t|didn'?t|no)\b|wrong\s+answer|useless|you\s+(?:did\s*n[o']?t|didnt)\s+answer|doesn'?t\s+answer\s+my|not\s+answering)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex DidNotHelp();

    [GeneratedRegex(
        @"^\W*(?:(?:ok(?:ay)?|great|perfect|cool|alright)[\s,.!]*)?(?:thanks?(?:\s+you)?|thx|ty|cheers)?[\s,.!]*(?:that'?s|that\s+is|thats)\s+(?:all|it|everything)(?:\s+(?:for\s+now|i\s+needed|thanks?(?:\s+you)?))?[\s,.!]*(?:(?:thanks?(?:\s+you)?|bye|goodbye|cheers)[\s,.!]*)*$|^\W*(?:thanks?(?:\s+you)?|thx)[\s,.!]+(?:bye|goodbye|have\s+a\s+(?:nice|good|great)\s+day)[\s,.!]*$|^\W*(?:bye|goodbye)[\s,.!]*$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Closing();
}

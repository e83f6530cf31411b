namespace BotHost.Dialogs;

/// <summary>
/// A sentiment score in [-1, 1] from our own small lexicon plus the cues of an upset shopper: shouting in capitals,
/// repeated "!", insults, "third time", "still". Used for the frustration scenario (T5).
/// </summary>
internal static class Sentiment
{
    private static readonly Dictionary<string, double> Lexicon = new(StringComparer.Ordinal)
    {
        ["terrible"] = -1, ["awful"] = -1, ["horrible"] = -1, ["worst"] = -1, ["useless"] = -1, ["pathetic"] = -1, ["ridiculous"] = -0.8,
        ["unacceptable"] = -1, ["disgusting"] = -1, ["hate"] = -1, ["angry"] = -0.8, ["furious"] = -1, ["annoyed"] = -0.6, ["frustrated"] = -0.8,
        ["frustrating"] = -0.8, ["disappointed"] = -0.7, ["disappointing"] = -0.7, ["scam"] = -1, ["fraud"] = -1, ["joke"] = -0.5,
        ["waste"] = -0.7, ["broken"] = -0.3, ["late"] = -0.3, ["never"] = -0.3, ["lost"] = -0.3, ["wrong"] = -0.4, ["bad"] = -0.6,
        ["poor"] = -0.5, ["sucks"] = -0.9, ["stupid"] = -1, ["idiot"] = -1, ["idiots"] = -1, ["incompetent"] = -1, ["damn"] = -0.7,
        ["wtf"] = -1, ["fed"] = -0.4, ["sick"] = -0.4, ["ignored"] = -0.7, ["again"] = -0.2,
        ["good"] = 0.5, ["great"] = 0.8, ["thanks"] = 0.5, ["thank"] = 0.5, ["love"] = 0.9, ["perfect"] = 0.9, ["awesome"] = 0.9,
        ["excellent"] = 0.9, ["helpful"] = 0.7, ["nice"] = 0.5, ["happy"] = 0.7, ["amazing"] = 0.9, ["wonderful"] = 0.9, ["fast"] = 0.3,
    };

    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal) { "not", "no", "never", "dont", "don't", "isn't", "isnt", "wasn't", "wasnt" };

    public static double Score(string text)
    {
        var words = Words(text);
        double sum = 0;
        var hits = 0;
        var shouted = 0;
        string? previous = null;
        foreach (var raw in words)
        {
            if (raw.Length >= 3 && raw.All(char.IsUpper))
                shouted++;
            var w = raw.ToLowerInvariant();
            if (Lexicon.TryGetValue(w, out var value))
            {
                // "not helpful" turns praise into criticism; "not bad" softens the criticism.
                sum += previous is not null && Negators.Contains(previous) ? -value * 0.8 : value;
                hits++;
            }
            previous = w;
        }
        var cues = 0.0;
        if (words.Count >= 3 && shouted * 2 >= words.Count)
            cues -= 0.5;
        if (text.Contains("!!", StringComparison.Ordinal))
            cues -= 0.3;
        if (SaysItIsRepeated(text))
            cues -= 0.5;
        var lexical = hits == 0 ? 0 : sum / Math.Sqrt(hits + 1);
        return Math.Clamp(lexical + cues, -1, 1);
    }

    /// <summary>Runs of letters and apostrophes ("don't", "WTF"), in order.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetter(text[i]) || text[i] == '\'');
            if (inWord && start < 0)
                start = i;
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }
        return words;
    }

    /// <summary>"third time", "how many times", "for the last time" (any case, words apart by white space only): the shopper asked before.</summary>
    private static bool SaysItIsRepeated(string text)
    {
        var tokens = Tokens(text);
        for (var i = 0; i < tokens.Count; i++)
        {
            foreach (var phrase in RepeatedPhrases)
            {
                if (PhraseAt(text, tokens, i, phrase))
                    return true;
            }
        }
        return false;
    }

    private static readonly string[][] RepeatedPhrases =
    [
        .. new[] { "third", "3rd", "fourth", "4th", "fifth", "5th", "hundredth" }.Select(nth => new[] { nth, "time" }),
        ["how", "many", "times"],
        ["for", "the", "last", "time"],
    ];

    private static bool PhraseAt(string text, List<(string Word, int Start, int End)> tokens, int at, string[] phrase)
    {
        if (at + phrase.Length > tokens.Count)
            return false;
        for (var k = 0; k < phrase.Length; k++)
        {
            var (word, start, _) = tokens[at + k];
            if (word != phrase[k] || k > 0 && !OnlySpaceBetween(text, tokens[at + k - 1].End, start))
                return false;
        }
        return true;
    }

    private static bool OnlySpaceBetween(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
                return false;
        }
        return true;
    }

    /// <summary>Lower-cased runs of word characters (letters, digits, _), with where each starts and ends (exclusive).</summary>
    private static List<(string Word, int Start, int End)> Tokens(string text)
    {
        var tokens = new List<(string, int, int)>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_');
            if (inWord && start < 0)
                start = i;
            else if (!inWord && start >= 0)
            {
                tokens.Add((text[start..i].ToLowerInvariant(), start, i));
                start = -1;
            }
        }
        return tokens;
    }
}

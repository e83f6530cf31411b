namespace BotHost.Recognizers;

/// <summary>
/// Finds a yes/no answer. Like upstream's choice model it reports only the best match: the one covering
/// the largest share of the utterance's tokens, the first of equals. Score = 0.4 + 0.6 * matched tokens /
/// utterance tokens, so a bare "yes" scores 1 and a "yes" buried in a long sentence tends to 0.4.
/// </summary>
internal sealed class BooleanRecognizer
{
    public const string TypeName = "boolean";

    // Multi-word terms are listed as their words; the scanner allows any whitespace between them.
    private static readonly string[][] TrueTerms =
        [["yes"], ["yep"], ["yup"], ["yeah"], ["yea"], ["y"], ["sure"], ["ok"], ["okay"], ["agree"], ["true"],
         ["correct"], ["absolutely"], ["certainly"], ["of", "course"]];

    private static readonly string[][] FalseTerms =
        [["no"], ["nope"], ["nop"], ["nah"], ["false"], ["disagree"], ["incorrect"], ["not", "ok"], ["not", "okay"]];

    private const int ThumbsUp = 0x1F44D, OkHand = 0x1F44C, CheckMark = 0x2705;
    private const int ThumbsDown = 0x1F44E, RaisedHand = 0x270B, HandWithFingersSplayed = 0x1F590, CrossMark = 0x274C;

    public IReadOnlyList<RecognizerResult<BooleanResolution>> Recognize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokenCount = CountTokens(text);
        if (tokenCount == 0)
        {
            return [];
        }

        (int Start, int End, int Tokens, bool Value) best = default;
        var bestTokens = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var wordEnd = WordEnd(text, i);
                if (!IsLetterOrDigitBefore(text, i) && TryMatchTerm(text, i, out var end, out var tokens, out var value) && tokens > bestTokens)
                {
                    best = (i, end, tokens, value);
                    bestTokens = tokens;
                }

                i = wordEnd;
                continue;
            }

            var rune = Runes.At(text, i, out var width);
            if (EmojiValue(rune) is { } emojiValue)
            {
                // A skin-tone modifier belongs to the emoji and counts as a token of its own, as upstream.
                var end = i + width;
                var tokens = 1;
                if (end < text.Length && IsSkinTone(Runes.At(text, end, out var toneWidth)))
                {
                    end += toneWidth;
                    tokens = 2;
                }

                if (tokens > bestTokens)
                {
                    best = (i, end - 1, tokens, emojiValue);
                    bestTokens = tokens;
                }

                i = end;
                continue;
            }

            i += width;
        }

        if (bestTokens == 0)
        {
            return [];
        }

        var score = 0.4 + (0.6 * best.Tokens / tokenCount);
        return [new(text[best.Start..(best.End + 1)], TypeName, new BooleanResolution(best.Value, score), best.Start, best.End)];
    }

    private static bool TryMatchTerm(string text, int start, out int end, out int tokens, out bool value)
    {
        // Longest term wins at one position ("not ok" over a bare word); true before false never matters
        // because no word starts both lists.
        end = -1;
        tokens = 0;
        value = false;
        MatchLongest(text, start, TrueTerms, true, ref end, ref tokens, ref value);
        MatchLongest(text, start, FalseTerms, false, ref end, ref tokens, ref value);
        return tokens > 0;
    }

    private static void MatchLongest(string text, int start, string[][] terms, bool termValue, ref int end, ref int tokens, ref bool value)
    {
        foreach (var term in terms)
        {
            if (term.Length > tokens && MatchWords(text, start, term, out var termEnd))
            {
                end = termEnd;
                tokens = term.Length;
                value = termValue;
            }
        }
    }

    private static bool MatchWords(string text, int start, string[] words, out int end)
    {
        end = -1;
        var i = start;
        for (var w = 0; w < words.Length; w++)
        {
            if (w > 0)
            {
                var spaceStart = i;
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i == spaceStart)
                {
                    return false;
                }
            }

            var word = words[w];
            if (i + word.Length > text.Length || string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0)
            {
                return false;
            }

            i += word.Length;
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                return false;
            }
        }

        end = i - 1;
        return true;
    }

    /// <summary>Tokens as upstream counts them: runs of letters and digits, and every other symbol on its own; punctuation separates.</summary>
    private static int CountTokens(string text)
    {
        var count = 0;
        var inWord = false;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    count++;
                    inWord = true;
                }

                i++;
                continue;
            }

            inWord = false;
            var rune = Runes.At(text, i, out var width);
            if (!char.IsWhiteSpace(c) && !char.IsPunctuation(c) && !IsJoiner(rune))
            {
                count++;
            }

            i += width;
        }

        return count;
    }

    private static bool? EmojiValue(int rune) => rune switch
    {
        ThumbsUp or OkHand or CheckMark => true,
        ThumbsDown or RaisedHand or HandWithFingersSplayed or CrossMark => false,
        _ => null,
    };

    private static bool IsSkinTone(int rune) => rune is >= 0x1F3FB and <= 0x1F3FF;

    // Variation selectors and the zero-width joiner only shape the emoji before them.
    private static bool IsJoiner(int rune) => rune is 0x200D or (>= 0xFE00 and <= 0xFE0F);

    private static bool IsLetterOrDigitBefore(string text, int i) => i > 0 && char.IsLetterOrDigit(text[i - 1]);

    private static int WordEnd(string text, int i)
    {
        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        return i;
    }
}

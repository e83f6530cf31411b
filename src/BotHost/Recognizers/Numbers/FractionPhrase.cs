namespace BotHost.Recognizers.Numbers;

/// <summary>
/// Reads written fractions: "two thirds", "a hundred trillionths", "one and a half", "five billion and
/// three quarters", "half a dozen", "two thirds of a million". Where a run of number words could be split
/// between numerator and denominator several ways, it splits as upstream's specs expect: a trailing tens
/// word joins a unit ordinal ("one hundred thirty fifths" = 100/35) unless "and" binds it to the numerator
/// ("one hundred and thirty fifths" = 130/5), and "unit hundred|thousand" joins an ordinal when the
/// numerator before it cannot continue ("one one hundred fifth" = 1/105).
/// </summary>
internal static class FractionPhrase
{
    /// <summary>The ordinal after a run, if one follows (after an optional hyphen, or "and" after "hundred").</summary>
    public static int FindOrdinal(List<NumberToken> tokens, List<int> run, int after)
    {
        var k = after;
        if (k < tokens.Count && tokens[k].IsSymbol('-'))
        {
            k++;
        }
        else if (k + 1 < tokens.Count && tokens[k].Is(WordKind.And) && run.Count > 0 && tokens[run[^1]].Word.Kind is WordKind.Hundred or WordKind.Scale)
        {
            k++;
        }

        return k < tokens.Count && IsOrdinal(tokens[k]) ? k : -1;
    }

    private static bool IsOrdinal(NumberToken token) =>
        token.Kind == TokenKind.Word && token.Word.Kind is WordKind.Ordinal or WordKind.Half or WordKind.Quarter;

    public static bool TryRead(List<NumberToken> tokens, List<int> run, int ordinalIndex, out double value, out NumberSubtype subtype, out int lastToken)
    {
        value = 0;
        subtype = NumberSubtype.Fraction;
        lastToken = ordinalIndex;
        var ordinal = tokens[ordinalIndex].Word;
        var o = ordinal.Value;
        var isOrdinalWord = ordinal.Kind == WordKind.Ordinal;
        var trailing = TrailingMultiplier(tokens, ordinalIndex, out var trailingEnd, out var byDozen);

        if (run.Count == 0)
        {
            // "half", "half million", "quarter million"; a bare "quarter" is too often a coin or a time.
            if (ordinal.Kind == WordKind.Half || (ordinal.Kind == WordKind.Quarter && trailing > 0))
            {
                value = (1 / o) * (trailing > 0 ? trailing : 1);
                lastToken = trailing > 0 ? trailingEnd : ordinalIndex;
                subtype = byDozen ? NumberSubtype.Integer : NumberSubtype.Fraction;
                return true;
            }

            return false;
        }

        var lastAnd = run.FindLastIndex(j => tokens[j].Is(WordKind.And));
        if (lastAnd >= 0 && IsMixedTail(tokens, run, lastAnd, o, isOrdinalWord))
        {
            if (isOrdinalWord && o <= 2)
            {
                return false;
            }

            var whole = IntegerPhrase.Whole(tokens, run, 0, lastAnd) ?? SumOfParts(tokens, run, lastAnd);
            var numerator = tokens[run[lastAnd + 1]].Is(WordKind.Article) ? 1 : IntegerPhrase.Whole(tokens, run, lastAnd + 1, run.Count);
            if (whole is null || numerator is null)
            {
                return false;
            }

            var part = numerator.Value / o;
            var wholeScale = tokens[run[lastAnd - 1]].Is(WordKind.Scale) ? tokens[run[lastAnd - 1]].Word.Value : 0;
            value = trailing > 0
                ? (wholeScale > trailing ? whole.Value + (part * trailing) : (whole.Value + part) * trailing)
                : whole.Value + (part * (wholeScale > 0 ? wholeScale : 1));
            lastToken = trailing > 0 ? trailingEnd : ordinalIndex;
            return true;
        }

        var count = run.Count;
        var denominator = o;
        if (isOrdinalWord && o < 10 && count >= 2 && tokens[run[count - 1]].Is(WordKind.Tens) && !tokens[run[count - 2]].Is(WordKind.And))
        {
            denominator += tokens[run[count - 1]].Word.Value;
            count--;
        }
        else if (isOrdinalWord && o < 100 && count >= 3 &&
                 (tokens[run[count - 1]].Is(WordKind.Hundred) || (tokens[run[count - 1]].Is(WordKind.Scale) && tokens[run[count - 1]].Word.Value == 1e3)) &&
                 tokens[run[count - 2]].Is(WordKind.Unit) &&
                 !tokens[run[count - 3]].Is(WordKind.Tens) && !tokens[run[count - 3]].Is(WordKind.And))
        {
            denominator += tokens[run[count - 2]].Word.Value * tokens[run[count - 1]].Word.Value;
            count -= 2;
        }

        // "a first class seat", "one second": first and second are never denominators on their own.
        if (isOrdinalWord && denominator <= 2)
        {
            return false;
        }

        var articleLed = tokens[run[0]].Is(WordKind.Article);
        // "two millionth" is "two" then an ordinal; "a trillionth" is a fraction.
        if (o >= 1e6 && !articleLed)
        {
            return false;
        }

        for (var j = 0; j < count; j++)
        {
            if (tokens[run[j]].Kind == TokenKind.Literal)
            {
                return false;
            }
        }

        double? wholeNumerator = articleLed && count == 1 ? 1 : IntegerPhrase.Whole(tokens, run, 0, count);
        if (wholeNumerator is null)
        {
            return false;
        }

        value = wholeNumerator.Value / denominator * (trailing > 0 ? trailing : 1);
        lastToken = trailing > 0 ? trailingEnd : ordinalIndex;
        subtype = byDozen && value == Math.Floor(value) ? NumberSubtype.Integer : NumberSubtype.Fraction;
        return true;
    }

    /// <summary>"X and a half", "X and three quarters", "two and fifty-four hundredths": a whole number plus a fraction.</summary>
    private static bool IsMixedTail(List<NumberToken> tokens, List<int> run, int lastAnd, double o, bool isOrdinalWord)
    {
        var tail = run.Count - lastAnd - 1;
        if (tail == 1 && tokens[run[^1]].Word.Kind is WordKind.Article or WordKind.Unit)
        {
            return true;
        }

        return isOrdinalWord && o >= 100 && IntegerPhrase.Whole(tokens, run, lastAnd + 1, run.Count) is not null;
    }

    private static double? SumOfParts(List<NumberToken> tokens, List<int> run, int to)
    {
        double sum = 0;
        var from = 0;
        for (var j = 0; j <= to; j++)
        {
            if (j == to || tokens[run[j]].Is(WordKind.And))
            {
                if (IntegerPhrase.Whole(tokens, run, from, j) is not { } part)
                {
                    return null;
                }

                sum += part;
                from = j + 1;
            }
        }

        return sum;
    }

    /// <summary>"... million", "... of a million", "half a dozen": what the fraction multiplies, or 0.</summary>
    private static double TrailingMultiplier(List<NumberToken> tokens, int ordinalIndex, out int end, out bool byDozen)
    {
        end = ordinalIndex;
        byDozen = false;
        var k = ordinalIndex + 1;
        if (k < tokens.Count && tokens[k].Is(WordKind.Scale))
        {
            end = k;
            return tokens[k].Word.Value;
        }

        if (k + 2 < tokens.Count && tokens[k].Is(WordKind.Of) && tokens[k + 1].Is(WordKind.Article) && tokens[k + 2].Is(WordKind.Scale))
        {
            end = k + 2;
            return tokens[k + 2].Word.Value;
        }

        if (k + 1 < tokens.Count && tokens[k].Is(WordKind.Article) && tokens[k + 1].Is(WordKind.Dozen))
        {
            end = k + 1;
            byDozen = true;
            return 12;
        }

        return 0;
    }
}

using System.Globalization;

namespace BotHost.Recognizers.Numbers;

/// <summary>Finds every number phrase in a token stream, left to right, longest first at each position.</summary>
internal static class NumberParser
{
    /// <param name="allowAttached">Also read digits glued to letters ("usd50", "100元"); the caller decides whether the letters make sense.</param>
    public static List<NumberMatch> Parse(List<NumberToken> tokens, bool allowAttached = false)
    {
        var matches = new List<NumberMatch>();
        var i = 0;
        while (i < tokens.Count)
        {
            if (TryParseAt(tokens, i, allowAttached, out var match))
            {
                matches.Add(match);
                i = match.LastToken + 1;
            }
            else
            {
                i++;
            }
        }

        return matches;
    }

    private static bool TryParseAt(List<NumberToken> tokens, int i, bool allowAttached, out NumberMatch match)
    {
        if (tokens[i].Is(WordKind.Minus) && i + 1 < tokens.Count && TryParseUnsigned(tokens, i + 1, allowAttached, out var unsigned))
        {
            match = unsigned with { Start = tokens[i].Start, Value = -unsigned.Value, FirstToken = i };
            return true;
        }

        return TryParseUnsigned(tokens, i, allowAttached, out match);
    }

    private static bool TryParseUnsigned(List<NumberToken> tokens, int i, bool allowAttached, out NumberMatch match)
    {
        match = default;
        var token = tokens[i];
        if (token.Kind == TokenKind.Literal)
        {
            if (token.Literal.Attached && !allowAttached)
            {
                return false;
            }

            if (token.Literal.Form == LiteralForm.Complete || token.Literal.Attached)
            {
                match = new NumberMatch(token.Start, token.End, token.Literal.Value, token.Literal.Subtype, i, i);
                return true;
            }
        }
        else if (token.Kind != TokenKind.Word)
        {
            return false;
        }
        else if (token.Word.Kind is WordKind.Half or WordKind.Quarter)
        {
            return TryFraction(tokens, [], i, i, out match);
        }
        else if (token.Word.Kind is not (WordKind.Zero or WordKind.Unit or WordKind.Teen or WordKind.Tens or WordKind.Article))
        {
            return false;
        }

        var run = IntegerPhrase.Collect(tokens, i);
        if (run.Count == 0)
        {
            return false;
        }

        var ordinal = FractionPhrase.FindOrdinal(tokens, run, run[^1] + 1);
        if (ordinal >= 0 && TryFraction(tokens, run, ordinal, i, out match))
        {
            return true;
        }

        var (count, value) = IntegerPhrase.Evaluate(tokens, run, 0, run.Count);
        if (count == 0 || IsPronounOne(tokens, run, count, i))
        {
            return false;
        }

        var last = run[count - 1];
        var subtype = value == Math.Floor(value) ? NumberSubtype.Integer : NumberSubtype.Decimal;
        match = new NumberMatch(token.Start, tokens[last].End, value, subtype, i, last);
        if (TryPoint(tokens, last + 1, value, out var pointValue, out var pointEnd))
        {
            match = match with { End = tokens[pointEnd].End, Value = pointValue, Subtype = NumberSubtype.Decimal, LastToken = pointEnd };
        }
        else if (TryOver(tokens, i, last + 1, value, out var ratio, out var overEnd))
        {
            match = match with { End = tokens[overEnd].End, Value = ratio, Subtype = NumberSubtype.Fraction, LastToken = overEnd };
        }

        return true;
    }

    private static bool TryFraction(List<NumberToken> tokens, List<int> run, int ordinal, int first, out NumberMatch match)
    {
        match = default;
        if (!FractionPhrase.TryRead(tokens, run, ordinal, out var value, out var subtype, out var last))
        {
            return false;
        }

        match = new NumberMatch(tokens[first].Start, tokens[last].End, value, subtype, first, last);
        return true;
    }

    // "The one you mentioned", "which one": a lone "one" after a determiner is a pronoun.
    private static bool IsPronounOne(List<NumberToken> tokens, List<int> run, int count, int first) =>
        count == 1 && tokens[run[0]].Is(WordKind.Unit) && tokens[run[0]].Word.Value == 1 &&
        first > 0 && tokens[first - 1].Is(WordKind.Determiner);

    /// <summary>"two hundred point zero three", "point seventy-one" (digits read as written).</summary>
    private static bool TryPoint(List<NumberToken> tokens, int k, double whole, out double value, out int end)
    {
        value = 0;
        end = -1;
        if (!(k + 1 < tokens.Count && tokens[k].Is(WordKind.Point)))
        {
            return false;
        }

        Span<char> digits = stackalloc char[34];
        digits[0] = '0';
        digits[1] = '.';
        var length = 2;
        var j = k + 1;
        if (tokens[j].Is(WordKind.Teen))
        {
            length = Append(digits, length, (int)tokens[j].Word.Value);
            end = j;
        }
        else if (tokens[j].Is(WordKind.Tens))
        {
            var two = (int)tokens[j].Word.Value;
            end = j;
            var u = j + 1 < tokens.Count && tokens[j + 1].IsSymbol('-') ? j + 2 : j + 1;
            if (u < tokens.Count && tokens[u].Is(WordKind.Unit))
            {
                two += (int)tokens[u].Word.Value;
                end = u;
            }

            length = Append(digits, length, two);
        }
        else
        {
            while (j < tokens.Count && tokens[j].Word.Kind is WordKind.Zero or WordKind.Unit && tokens[j].Kind == TokenKind.Word && length < digits.Length)
            {
                digits[length++] = (char)('0' + (int)tokens[j].Word.Value);
                end = j;
                j++;
            }
        }

        if (end < 0)
        {
            return false;
        }

        value = whole + double.Parse(digits[..length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return true;
    }

    private static int Append(Span<char> digits, int length, int twoDigits)
    {
        digits[length++] = (char)('0' + (twoDigits / 10));
        digits[length++] = (char)('0' + (twoDigits % 10));
        return length;
    }

    /// <summary>"one over three", "1 in twenty-one", "two out of five hundred"; "in" and "out of" only for a part of a whole.</summary>
    private static bool TryOver(List<NumberToken> tokens, int first, int k, double numerator, out double value, out int end)
    {
        value = 0;
        end = -1;
        if (k >= tokens.Count || (first > 0 && tokens[first - 1].IsSymbol('$')))
        {
            return false;
        }

        var partOfWhole = false;
        if (tokens[k].Is(WordKind.Over))
        {
            k++;
        }
        else if (tokens[k].Is(WordKind.Out) && k + 1 < tokens.Count && tokens[k + 1].Is(WordKind.Of))
        {
            k += 2;
            partOfWhole = true;
        }
        else if (tokens[k].Is(WordKind.In))
        {
            k++;
            partOfWhole = true;
        }
        else
        {
            return false;
        }

        if (k >= tokens.Count || !(tokens[k].Kind == TokenKind.Literal || tokens[k].Word.Kind is WordKind.Unit or WordKind.Teen or WordKind.Tens))
        {
            return false;
        }

        var run = IntegerPhrase.Collect(tokens, k);
        var (count, denominator) = IntegerPhrase.Evaluate(tokens, run, 0, run.Count);
        if (count == 0 || denominator <= 0 || (partOfWhole && numerator >= denominator))
        {
            return false;
        }

        value = numerator / denominator;
        end = run[count - 1];
        return true;
    }
}

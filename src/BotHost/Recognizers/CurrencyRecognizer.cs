using BotHost.Recognizers.Currency;
using BotHost.Recognizers.Numbers;

namespace BotHost.Recognizers;

/// <summary>
/// Finds amounts of money: a number with a currency before or after it ("$349.99", "€80", "250 dollars",
/// "two hundred bucks", "USD 200", "c $ 1.34", "30 MUSD"), whole-and-minor amounts ("3 dollars 50 cents",
/// "thirteen dollars forty five"), and currency names on their own (value null). Ambiguous symbols keep
/// upstream's unit without an ISO code ("$" is "Dollar", "£" is "Pound").
/// </summary>
internal sealed class CurrencyRecognizer
{
    public const string TypeName = "currency";

    private const UnitPlacement Prefix = UnitPlacement.Prefix;
    private const UnitPlacement Suffix = UnitPlacement.Suffix;

    public IReadOnlyList<RecognizerResult<CurrencyResolution>> Recognize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = NumberLexer.Tokenize(text);
        var numbers = NumberParser.Parse(tokens, allowAttached: true);
        var results = new List<RecognizerResult<CurrencyResolution>>();
        var consumedUpTo = 0; // characters before this index belong to a result already
        var aloneCursor = 0; // tokens before this index were searched for units alone
        for (var n = 0; n < numbers.Count; n++)
        {
            if (numbers[n].Start < consumedUpTo)
            {
                continue;
            }

            var next = n + 1 < numbers.Count ? numbers[n + 1] : (NumberMatch?)null;
            if (!TryAmount(text, tokens, numbers[n], next, consumedUpTo, out var amount))
            {
                continue;
            }

            n = AddMinorAmounts(text, tokens, numbers, n, ref amount);
            AddUnitsAlone(text, tokens, ref aloneCursor, consumedUpTo, amount.Start, results);
            results.Add(Result(text, amount.Start, amount.End, amount.Value, amount.Unit));
            consumedUpTo = amount.End;
        }

        AddUnitsAlone(text, tokens, ref aloneCursor, consumedUpTo, text.Length, results);
        return results;
    }

    private record struct Amount(int Start, int End, double Value, CurrencyUnit Unit);

    private static bool TryAmount(string text, List<NumberToken> tokens, NumberMatch number, NumberMatch? next, int consumedUpTo, out Amount amount)
    {
        amount = default;
        var first = tokens[number.FirstToken];
        var last = tokens[number.LastToken];
        var prefix = FindPrefix(text, tokens, number, consumedUpTo, out var prefixStart);
        var suffix = FindSuffix(text, number.End, out var suffixEnd, out var suffixGlued);
        var prefixGlued = prefix is not null && FirstNonSpaceBefore(text, number.Start) == number.Start - 1 && !char.IsWhiteSpace(text[number.Start - 1]);

        // Digits glued to letters ("usd50", "100元") are an amount only when those letters are the currency.
        if ((first.Kind == TokenKind.Literal && first.Literal.AttachedLeft && !(prefix is not null && prefixGlued)) ||
            (last.Kind == TokenKind.Literal && last.Literal.AttachedRight && !(suffix is not null && suffixGlued)))
        {
            return false;
        }

        // A symbol glued to the next number is that number's prefix ("1 $10", "3 USD50").
        if (suffix is not null && !suffixGlued && (suffix.Placement & Prefix) != 0 && next is { } following && following.Start == suffixEnd)
        {
            suffix = null;
        }

        if (prefix is not null && (prefixGlued || !suffixGlued || suffix is null))
        {
            amount = new Amount(prefixStart, number.End, number.Value * prefix.Multiplier, prefix.Unit);
            return true;
        }

        if (suffix is null)
        {
            return false;
        }

        amount = new Amount(number.Start, suffixEnd, number.Value * suffix.Multiplier, suffix.Unit);
        // "75 USD million"
        var afterUnit = SkipSpaces(text, suffixEnd);
        var scaleToken = tokens.FindIndex(number.LastToken + 1, t => t.Start >= afterUnit);
        if (scaleToken >= 0 && tokens[scaleToken].Start == afterUnit && tokens[scaleToken].Is(WordKind.Scale))
        {
            amount = amount with { End = tokens[scaleToken].End, Value = amount.Value * tokens[scaleToken].Word.Value };
        }

        return true;
    }

    private static UnitForm? FindPrefix(string text, List<NumberToken> tokens, NumberMatch number, int consumedUpTo, out int start)
    {
        start = number.Start;
        var unitEnd = FirstNonSpaceBefore(text, number.Start) + 1;
        // Forms span at most five tokens ("u.s. $"); the earliest start that ends right at the number is the longest.
        for (var t = Math.Max(0, number.FirstToken - 5); t < number.FirstToken; t++)
        {
            if (tokens[t].Start < consumedUpTo)
            {
                continue;
            }

            if (UnitMatcher.Match(text, tokens[t].Start, Prefix, out var end) is { } form && end == unitEnd)
            {
                start = tokens[t].Start;
                return form;
            }
        }

        return null;
    }

    private static UnitForm? FindSuffix(string text, int numberEnd, out int end, out bool glued)
    {
        var i = SkipSpaces(text, numberEnd);
        glued = i == numberEnd;
        // "12-cent", "one-yen"
        if (glued && i + 1 < text.Length && text[i] == '-' && char.IsLetter(text[i + 1]))
        {
            i++;
            glued = false;
        }

        return UnitMatcher.Match(text, i, Suffix, out end);
    }

    /// <summary>"3 dollars 50 cents", "thirteen dollars and forty-five cents", "one kuai and five mao five", "15 dollars 50".</summary>
    private static int AddMinorAmounts(string text, List<NumberToken> tokens, List<NumberMatch> numbers, int n, ref Amount amount)
    {
        if (amount.Unit.Minor.Count == 0 || amount.Value != Math.Floor(amount.Value))
        {
            return n;
        }

        var bareValue = amount.Unit.Minor[0].Value;
        var allowAnd = true;
        while (n + 1 < numbers.Count)
        {
            var part = numbers[n + 1];
            var between = text.AsSpan(amount.End, part.Start - amount.End).Trim();
            var isAnd = between.Equals("and", StringComparison.OrdinalIgnoreCase);
            if (!(between.IsEmpty || (isAnd && allowAnd)) || part.Value != Math.Floor(part.Value) || part.Value is < 1 or >= 100 ||
                tokens[part.FirstToken].Literal.Attached || tokens[part.LastToken].Literal.Attached)
            {
                break;
            }

            var unitStart = SkipSpaces(text, part.End);
            if (MinorUnit(text, unitStart, amount.Unit, out var minorEnd) is { } minor)
            {
                amount = amount with { End = minorEnd, Value = amount.Value + (part.Value * minor) };
                bareValue = minor / 10;
            }
            else if (UnitMatcher.Match(text, unitStart, Suffix, out _) is null)
            {
                amount = amount with { End = part.End, Value = amount.Value + (part.Value * bareValue) };
                n++;
                break;
            }
            else
            {
                break;
            }

            n++;
            allowAnd = false;
        }

        return n;
    }

    private static double? MinorUnit(string text, int start, CurrencyUnit unit, out int end)
    {
        foreach (var (name, value) in unit.Minor)
        {
            if (string.Compare(text, start, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
                !(start + name.Length < text.Length && char.IsLetter(text[start + name.Length])))
            {
                end = start + name.Length;
                return value;
            }
        }

        end = start;
        return null;
    }

    /// <summary>Currency names with no amount ("paid in dollars") between <paramref name="from"/> and <paramref name="to"/>.</summary>
    private static void AddUnitsAlone(string text, List<NumberToken> tokens, ref int cursor, int from, int to, List<RecognizerResult<CurrencyResolution>> results)
    {
        var skipUntil = from;
        for (; cursor < tokens.Count && tokens[cursor].Start < to; cursor++)
        {
            var token = tokens[cursor];
            if (token.Start < skipUntil || token.Kind != TokenKind.Word)
            {
                continue;
            }

            if (UnitMatcher.Match(text, token.Start, UnitPlacement.Alone, out var end) is { } form && end <= to)
            {
                results.Add(Result(text, token.Start, end, null, form.Unit));
                skipUntil = end;
            }
        }
    }

    private static RecognizerResult<CurrencyResolution> Result(string text, int start, int end, double? value, CurrencyUnit unit) =>
        new(text[start..end].ToLowerInvariant(), TypeName,
            new CurrencyResolution(value is { } v ? NumberRecognizer.Format(v) : null, unit.Name, unit.Iso), start, end - 1);

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int FirstNonSpaceBefore(string text, int i)
    {
        i--;
        while (i >= 0 && char.IsWhiteSpace(text[i]))
        {
            i--;
        }

        return i;
    }
}

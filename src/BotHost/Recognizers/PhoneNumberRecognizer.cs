namespace BotHost.Recognizers;

/// <summary>
/// Finds phone numbers in the many ways people write them ("+44 (0)7123 129683", "(541) 754-3010",
/// "0176 12 34 56 78", "837.824.1482 ext 63888") with one left-to-right scan, and rejects look-alikes:
/// dates, SSNs, card and account numbers, decimals, sums, digits glued to letters. Each result carries
/// upstream's confidence score (see <see cref="PhoneNumberScore"/>).
/// </summary>
internal sealed class PhoneNumberRecognizer
{
    public const string TypeName = "phonenumber";

    // Words that make a nearby digit string an account, card or form number rather than a phone number.
    private static readonly string[] NotPhoneContext = ["account", "acct", "card", "no", "omb", "ssn", "invoice", "order", "tracking", "iban"];

    public IReadOnlyList<RecognizerResult<SequenceResolution>> Recognize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<RecognizerResult<SequenceResolution>>? results = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!(char.IsAsciiDigit(c) || c is '+' or '('))
            {
                i++;
                continue;
            }

            if (c is '+' or '(' && i > 0 && char.IsAsciiDigit(text[i - 1]))
            {
                // "45+31-339243873" is a sum, not a country code.
                i++;
                continue;
            }

            if (char.IsAsciiDigit(c) && i > 0 && char.IsLetterOrDigit(text[i - 1]))
            {
                // Digits glued to a word ("s666666666", "a91-677-0060") are an identifier; skip the whole word.
                while (i < text.Length && char.IsLetterOrDigit(text[i]))
                {
                    i++;
                }

                continue;
            }

            var end = SpanEnd(text, i);
            if (end <= i)
            {
                i++;
                continue;
            }

            var start = i;
            if (text[start] == '(' && !HasClosingParenthesis(text, start, end))
            {
                // "(19 35831647": the opening parenthesis was never closed; the number starts after it.
                start++;
                while (start < end && text[start] == ' ')
                {
                    start++;
                }
            }

            if (IsPhoneNumber(text, start, end))
            {
                var value = text[start..end].ToLowerInvariant();
                var score = PhoneNumberScore.Format(PhoneNumberScore.Score(value));
                (results ??= []).Add(new(value, TypeName, new SequenceResolution(value, score), start, end - 1));
            }

            i = end;
        }

        return results ?? (IReadOnlyList<RecognizerResult<SequenceResolution>>)[];
    }

    /// <summary>The end (exclusive) of the longest run of digits, separators, parentheses and an extension starting at <paramref name="start"/>.</summary>
    private static int SpanEnd(string text, int start)
    {
        var j = start;
        var goodEnd = start;
        var depth = 0;
        while (j < text.Length)
        {
            var ch = text[j];
            if (char.IsAsciiDigit(ch))
            {
                j++;
                goodEnd = j;
            }
            else if (ch == '(')
            {
                depth++;
                j++;
            }
            else if (ch == ')')
            {
                // An unopened ")" belongs to the number only when digits follow it at once ("123)456-7890").
                if (depth == 0 && !(j + 1 < text.Length && char.IsAsciiDigit(text[j + 1])))
                {
                    break;
                }

                depth = Math.Max(0, depth - 1);
                j++;
                goodEnd = j;
            }
            else if (ch == '+' && (j == start || text[j - 1] == '('))
            {
                j++;
            }
            else if (ch is ' ' or '-' or '.' or '/')
            {
                var k = j;
                while (k < text.Length && text[k] is ' ' or '-' or '.' or '/' && k - j < 3)
                {
                    k++;
                }

                if (k < text.Length && (char.IsAsciiDigit(text[k]) || text[k] == '(' || (text[k] == ')' && depth > 0)) &&
                    !(text[j] == ' ' && StartsDateOrTime(text, k)))
                {
                    j = k;
                }
                else if (goodEnd == j && text[j] == ' ' && TryExtension(text, j, out var spacedExtensionEnd))
                {
                    return spacedExtensionEnd;
                }
                else
                {
                    break;
                }
            }
            else if (goodEnd == j && TryExtension(text, j, out var extensionEnd))
            {
                return extensionEnd;
            }
            else
            {
                break;
            }
        }

        return goodEnd;
    }

    /// <summary>"x123", " ext 123", " x 63888" after the number.</summary>
    private static bool TryExtension(string text, int i, out int end)
    {
        end = i;
        var j = i;
        if (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        if (j < text.Length && text[j] is 'x' or 'X')
        {
            j++;
        }
        else if (j + 3 <= text.Length && string.Compare(text, j, "ext", 0, 3, StringComparison.OrdinalIgnoreCase) == 0)
        {
            j += 3;
        }
        else
        {
            return false;
        }

        if (j < text.Length && text[j] == ' ' && (text[i] == ' '))
        {
            j++;
        }

        var digits = j;
        while (j < text.Length && char.IsAsciiDigit(text[j]) && j - digits < 6)
        {
            j++;
        }

        if (j == digits || (j < text.Length && char.IsLetterOrDigit(text[j])))
        {
            return false;
        }

        end = j;
        return true;
    }

    // "(914)349-8600 04/21/2020 12:37:30": a date or a time after a space is not more of the number.
    private static bool StartsDateOrTime(string text, int i)
    {
        var j = i;
        while (j < text.Length && char.IsAsciiDigit(text[j]))
        {
            j++;
        }

        return j < text.Length && j - i <= 2 && text[j] is '/' or ':';
    }

    private static bool HasClosingParenthesis(string text, int open, int end) => text.IndexOf(')', open, end - open) >= 0;

    private static bool IsPhoneNumber(string text, int start, int end)
    {
        var candidate = text.AsSpan(start, end - start);
        return IsWellFormed(candidate) && HasPlausibleSurroundings(text, start, end) && !IsNotPhoneContext(text, start);
    }

    private static bool IsWellFormed(ReadOnlySpan<char> candidate)
    {
        Span<int> groups = stackalloc int[16];
        var groupCount = 0;
        var digits = 0;
        var depth = 0;
        var hasDot = false;
        var hasSlashOrDash = false;
        var inExtension = false;
        var run = 0;
        foreach (var ch in candidate)
        {
            if (char.IsAsciiDigit(ch))
            {
                if (!inExtension)
                {
                    digits++;
                    run++;
                }

                continue;
            }

            if (run > 0)
            {
                if (groupCount == groups.Length)
                {
                    return false;
                }

                groups[groupCount++] = run;
                run = 0;
            }

            switch (ch)
            {
                case '(':
                    if (++depth > 1)
                    {
                        return false;
                    }

                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '.':
                    hasDot = true;
                    break;
                case '/' or '-':
                    hasSlashOrDash = true;
                    break;
                case 'x' or 'X' or 'e' or 't':
                    inExtension = true;
                    break;
            }
        }

        if (run > 0 && groupCount < groups.Length)
        {
            groups[groupCount++] = run;
        }

        if (depth != 0)
        {
            return false;
        }

        var international = candidate.TrimStart('(').StartsWith("+") || candidate.TrimStart('(').StartsWith("00") || candidate.StartsWith("011");
        // Fifteen or sixteen digits are a card number unless an international prefix says otherwise.
        if (digits < 6 || digits > 16 || (digits == 6 && candidate[0] != '0') || (digits >= 15 && !international))
        {
            return false;
        }

        var g = groups[..groupCount];
        // "200.38294427", "0.000000012": a dot separates three or more short groups ("837.824.1482") or nothing.
        if (hasDot && (groupCount < 3 || MaxOf(g) > 4))
        {
            return false;
        }

        if (hasSlashOrDash && IsDate(g))
        {
            return false;
        }

        // An SSN ("911-67-0060") and the emergency numbers before a local number ("112-3333").
        return !(candidate.Length == 11 && g.SequenceEqual([3, 2, 4]) && candidate[3] == '-' && candidate[6] == '-') &&
               !(digits == 7 && (candidate.StartsWith("112") || candidate.StartsWith("911")));
    }

    private static bool IsDate(ReadOnlySpan<int> groups) =>
        (groups.Length == 3 && groups[0] <= 2 && groups[1] <= 2 && groups[2] == 4) ||
        (groups.Length == 3 && groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2) ||
        (groups.Length == 2 && groups[0] == 4 && groups[1] == 4);

    private static int MaxOf(ReadOnlySpan<int> values)
    {
        var max = 0;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private static bool HasPlausibleSurroundings(string text, int start, int end)
    {
        if (end < text.Length)
        {
            var next = text[end];
            // "666666666s", "342-86221d", "1234456%", "1000-1=999", "14377:00"
            if (char.IsLetter(next) || next is '%' or '=' or '*' or '+' or ':' or '_')
            {
                return false;
            }

            if (next is '-' or '.' or '/' && end + 1 < text.Length && char.IsLetterOrDigit(text[end + 1]))
            {
                return false;
            }

            // "00 10 00 31 46 D9 E9": the digits run on into hexadecimal.
            var k = end;
            while (k < text.Length && text[k] == ' ')
            {
                k++;
            }

            if (k > end && k + 1 < text.Length && char.IsLetter(text[k]) && char.IsAsciiDigit(text[k + 1]))
            {
                return false;
            }
        }

        if (start == 0)
        {
            return true;
        }

        var previous = text[start - 1];
        if (previous is '#' or '+' or '*' or '=' or '/' or '$' or ')' or '_' || (previous == ',' && start >= 2 && char.IsAsciiDigit(text[start - 2])))
        {
            return false;
        }

        if (previous is '-' or '.')
        {
            // "E-151673398", "-2208960000", "P0-001-...": a bare digit string after a dash is an identifier or a negative
            // number; a formatted number after a word and a dash ("OFFICE-1(516)733-3989") is still a phone number.
            var pureDigits = true;
            for (var j = start; j < end; j++)
            {
                pureDigits &= char.IsAsciiDigit(text[j]);
            }

            var wordStart = start - 1;
            while (wordStart > 0 && char.IsLetterOrDigit(text[wordStart - 1]))
            {
                wordStart--;
            }

            var wordHasDigit = false;
            for (var j = wordStart; j < start - 1; j++)
            {
                wordHasDigit |= char.IsAsciiDigit(text[j]);
            }

            return !pureDigits && !wordHasDigit;
        }

        return true;
    }

    private static bool IsNotPhoneContext(string text, int start)
    {
        var i = start;
        for (var word = 0; word < 3; word++)
        {
            while (i > 0 && !char.IsLetter(text[i - 1]))
            {
                if (char.IsAsciiDigit(text[i - 1]))
                {
                    return false;
                }

                i--;
            }

            var wordEnd = i;
            while (i > 0 && char.IsLetter(text[i - 1]))
            {
                i--;
            }

            if (i == wordEnd)
            {
                return false;
            }

            var w = text.AsSpan(i, wordEnd - i);
            foreach (var stop in NotPhoneContext)
            {
                if (w.Equals(stop, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

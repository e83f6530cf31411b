using System.Globalization;

namespace BotHost.Recognizers.Numbers;

/// <summary>
/// Reads one number written with digits, left to right in a single pass: sign, group separators
/// (1,234,567 / 12,34,567 / 1 234 567 / 1.111,11), decimal point or comma, exponent (1e10, 1.1^23,
/// 1.3x10^6), fraction (3/4, 2 1/4), vulgar fraction (¾) and multiplier suffix (10k, 1.2b, 10M, 2mil).
/// </summary>
internal static class DigitScanner
{
    public static bool StartsNumber(string text, int i)
    {
        var c = text[i];
        if (char.IsAsciiDigit(c) || VulgarFraction(c) > 0)
        {
            return true;
        }

        if (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && (i == 0 || !char.IsAsciiDigit(text[i - 1])))
        {
            return true;
        }

        return c == '-' && IsSign(text, i);
    }

    /// <returns>The index just past the literal.</returns>
    public static int Scan(string text, int start, out NumberLiteral literal)
    {
        var i = start;
        var negative = false;
        if (text[i] == '-')
        {
            negative = true;
            i++;
            while (text[i] == ' ')
            {
                i++;
            }
        }

        var attachedLeft = start > 0 && char.IsLetter(text[start - 1]);
        if (VulgarFraction(text[i]) is var vulgar and > 0)
        {
            literal = new NumberLiteral(negative ? -vulgar : vulgar, NumberSubtype.Fraction, LiteralForm.Complete, attachedLeft, AttachedRight(text, i + 1));
            return i + 1;
        }

        Span<char> digits = stackalloc char[Math.Min(text.Length - i, 512) + 2];
        var length = 0;
        var end = ReadMantissa(text, i, digits, ref length, out var hasDecimal);
        if (length == 0 || end - i > 500)
        {
            literal = default;
            return Math.Max(end, i + 1);
        }

        var value = double.Parse(digits[..length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var subtype = hasDecimal && value != Math.Floor(value) ? NumberSubtype.Decimal : NumberSubtype.Integer;
        var form = hasDecimal ? LiteralForm.Decimal : LiteralForm.Integer;

        if (TryPower(text, end, value, out var powerEnd, out var power))
        {
            end = powerEnd;
            value = power;
            subtype = NumberSubtype.Power;
            form = LiteralForm.Complete;
        }
        else if (!hasDecimal && TryFraction(text, start, i, end, value, out var fractionEnd, out var fraction))
        {
            end = fractionEnd;
            value = fraction;
            subtype = NumberSubtype.Fraction;
            form = LiteralForm.Complete;
        }
        else if (TrySuffix(text, end, out var suffixEnd, out var multiplier, out var isThousands))
        {
            end = suffixEnd;
            value *= multiplier;
            // Upstream keeps "2.33 k" a decimal but calls "1.2b" an integer.
            subtype = isThousands && hasDecimal ? NumberSubtype.Decimal : value == Math.Floor(value) ? NumberSubtype.Integer : NumberSubtype.Decimal;
            form = LiteralForm.Complete;
        }

        if (negative)
        {
            value = -value;
            form = LiteralForm.Complete;
        }

        literal = new NumberLiteral(value, subtype, form, attachedLeft, AttachedRight(text, end));
        return end;
    }

    /// <summary>A minus is a sign when it does not join two words or numbers ("SCP-173", "1-222").</summary>
    private static bool IsSign(string text, int i)
    {
        var j = i + 1;
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        if (j >= text.Length || !(char.IsAsciiDigit(text[j]) || (text[j] == '.' && j + 1 < text.Length && char.IsAsciiDigit(text[j + 1]))))
        {
            return false;
        }

        var k = i - 1;
        while (k >= 0 && text[k] == ' ')
        {
            k--;
        }

        return k < 0 || !(char.IsLetterOrDigit(text[k]) || text[k] is '-' or ')' or '.' or ',' or '/');
    }

    private static bool AttachedRight(string text, int end) => end < text.Length && char.IsLetterOrDigit(text[end]);

    private static int ReadMantissa(string text, int i, Span<char> digits, ref int length, out bool hasDecimal)
    {
        hasDecimal = false;
        var start = i;
        i = CopyDigits(text, i, digits, ref length);
        var firstGroup = i - start;
        var grouped = false;
        if (firstGroup is > 0 and <= 3)
        {
            grouped = TryGroups(text, ref i, ',', 3, digits, ref length) ||
                      (firstGroup <= 2 && TryIndianGroups(text, ref i, digits, ref length)) ||
                      TryGroups(text, ref i, ' ', 3, digits, ref length) ||
                      TryGroups(text, ref i, '\u202F', 3, digits, ref length) ||
                      TryGroups(text, ref i, '\u00A0', 3, digits, ref length);
            if (!grouped && TryEuropean(text, ref i, digits, ref length))
            {
                hasDecimal = true;
                return i;
            }
        }

        // "192.168.1.2" and "1.2" after "192.168." are lists of integers, not decimals.
        var afterDottedNumber = start >= 2 && text[start - 1] == '.' && char.IsAsciiDigit(text[start - 2]);
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]) && !afterDottedNumber)
        {
            var j = i + 1;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            if (!(j + 1 < text.Length && text[j] == '.' && char.IsAsciiDigit(text[j + 1])))
            {
                digits[length++] = '.';
                i = CopyDigits(text, i + 1, digits, ref length);
                hasDecimal = true;
            }
        }
        else if (!grouped && firstGroup > 0 && i + 1 < text.Length && text[i] == ',' && !(start > 0 && text[start - 1] == ','))
        {
            // A decimal comma ("1,3", "5,00"), unless it is one of a list ("22,24,26").
            var j = i + 1;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            var fraction = j - i - 1;
            if (fraction is 1 or 2 && !(j + 1 < text.Length && text[j] == ',' && char.IsAsciiDigit(text[j + 1])))
            {
                digits[length++] = '.';
                i = CopyDigits(text, i + 1, digits, ref length);
                hasDecimal = true;
            }
        }

        return i;
    }

    private static int CopyDigits(string text, int i, Span<char> digits, ref int length)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            if (length < digits.Length - 2)
            {
                digits[length++] = text[i];
            }

            i++;
        }

        return i;
    }

    private static int GroupLength(string text, int i)
    {
        var j = i;
        while (j < text.Length && char.IsAsciiDigit(text[j]))
        {
            j++;
        }

        return j - i;
    }

    private static bool TryGroups(string text, ref int i, char separator, int size, Span<char> digits, ref int length)
    {
        var any = false;
        while (i + 1 < text.Length && text[i] == separator && GroupLength(text, i + 1) == size &&
               !(separator != ',' && i + 1 + size < text.Length && text[i + 1 + size] is '/' or ','))
        {
            i = CopyDigits(text, i + 1, digits, ref length);
            any = true;
        }

        return any;
    }

    private static bool TryIndianGroups(string text, ref int i, Span<char> digits, ref int length)
    {
        var j = i;
        var pairs = 0;
        while (j + 1 < text.Length && text[j] == ',' && GroupLength(text, j + 1) == 2)
        {
            j += 3;
            pairs++;
        }

        if (pairs == 0 || !(j + 1 < text.Length && text[j] == ',' && GroupLength(text, j + 1) == 3))
        {
            return false;
        }

        while (i < j + 4)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                digits[length++] = text[i];
            }

            i++;
        }

        return true;
    }

    /// <summary>"1.111,11": dots group thousands only when a decimal comma follows.</summary>
    private static bool TryEuropean(string text, ref int i, Span<char> digits, ref int length)
    {
        var j = i;
        var groups = 0;
        while (j + 1 < text.Length && text[j] == '.' && GroupLength(text, j + 1) == 3)
        {
            j += 4;
            groups++;
        }

        if (groups == 0 || !(j + 1 < text.Length && text[j] == ',' && GroupLength(text, j + 1) is > 0 and <= 2))
        {
            return false;
        }

        for (; i < j; i++)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                digits[length++] = text[i];
            }
        }

        digits[length++] = '.';
        i = CopyDigits(text, j + 1, digits, ref length);
        return true;
    }

    private static bool TryPower(string text, int i, double mantissa, out int end, out double value)
    {
        end = i;
        value = 0;
        if (i >= text.Length)
        {
            return false;
        }

        var j = i;
        var negativeExponent = false;
        if (text[j] is 'e' or 'E')
        {
            j++;
            if (j < text.Length && text[j] is '+' or '-')
            {
                negativeExponent = text[j] == '-';
                j++;
            }
        }
        else if (text[j] == '^')
        {
            j++;
            while (j < text.Length && text[j] is '+' or '-')
            {
                negativeExponent ^= text[j] == '-';
                j++;
            }

            if (!ReadExponent(text, ref j, out var caretExponent))
            {
                return false;
            }

            end = j;
            value = Math.Pow(mantissa, negativeExponent ? -caretExponent : caretExponent);
            return !AttachedRight(text, end);
        }
        else if (text[j] is 'x' or '×' && string.CompareOrdinal(text, j + 1, "10^", 0, 3) == 0)
        {
            j += 4;
            if (j < text.Length && text[j] is '+' or '-')
            {
                negativeExponent = text[j] == '-';
                j++;
            }
        }
        else
        {
            return false;
        }

        if (!ReadExponent(text, ref j, out var exponent))
        {
            return false;
        }

        end = j;
        value = mantissa * Math.Pow(10, negativeExponent ? -exponent : exponent);
        return !AttachedRight(text, end);
    }

    private static bool ReadExponent(string text, ref int j, out int exponent)
    {
        exponent = 0;
        var start = j;
        while (j < text.Length && char.IsAsciiDigit(text[j]) && j - start < 4)
        {
            exponent = (exponent * 10) + (text[j] - '0');
            j++;
        }

        return j > start;
    }

    /// <summary>"3/4", "-4/5", "2  1/4"; not dates ("5/17/2018") nor a slash inside a phone number ("2222/2222").</summary>
    private static bool TryFraction(string text, int literalStart, int digitsStart, int i, double whole, out int end, out double value)
    {
        end = i;
        value = 0;
        var precededBySlash = literalStart > 0 && text[literalStart - 1] == '/';
        var precededByJoin = literalStart > 1 && text[literalStart - 1] == '-' && char.IsAsciiDigit(text[literalStart - 2]);
        if (precededBySlash || precededByJoin)
        {
            return false;
        }

        if (TrySimpleFraction(text, i, out end, out value))
        {
            return true;
        }

        // A mixed number: whole part, spaces, then a simple fraction.
        var j = i;
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        if (j > i && j < text.Length && char.IsAsciiDigit(text[j]) && digitsStart < i)
        {
            var numeratorStart = j;
            var numerator = 0.0;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                numerator = (numerator * 10) + (text[j] - '0');
                j++;
            }

            if (j - numeratorStart <= 3 && TrySimpleFractionAfterNumerator(text, j, numerator, out end, out var part))
            {
                value = whole + part;
                return true;
            }
        }

        end = i;
        return false;

        bool TrySimpleFraction(string s, int at, out int fractionEnd, out double fractionValue) =>
            TrySimpleFractionAfterNumerator(s, at, whole, out fractionEnd, out fractionValue);
    }

    private static bool TrySimpleFractionAfterNumerator(string text, int i, double numerator, out int end, out double value)
    {
        end = i;
        value = 0;
        if (!(i + 1 < text.Length && text[i] == '/' && char.IsAsciiDigit(text[i + 1])))
        {
            return false;
        }

        var j = i + 1;
        var denominator = 0.0;
        while (j < text.Length && char.IsAsciiDigit(text[j]))
        {
            denominator = (denominator * 10) + (text[j] - '0');
            j++;
        }

        if (denominator == 0 || (j < text.Length && text[j] == '/') || AttachedRight(text, j))
        {
            return false;
        }

        end = j;
        value = numerator / denominator;
        return true;
    }

    private static bool TrySuffix(string text, int i, out int end, out double multiplier, out bool isThousands)
    {
        end = i;
        multiplier = 1;
        isThousands = false;
        var j = i;
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        var spaced = j > i;
        foreach (var (suffix, value, caseSensitive, allowSpace) in Suffixes)
        {
            if (spaced && !allowSpace)
            {
                continue;
            }

            if (j + suffix.Length <= text.Length &&
                string.Compare(text, j, suffix, 0, suffix.Length, caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase) == 0 &&
                !AttachedRight(text, j + suffix.Length))
            {
                end = j + suffix.Length;
                multiplier = value;
                isThousands = value == 1e3;
                return true;
            }
        }

        return false;
    }

    // Lower-case m and g are metres and grams, so only their capitals multiply ("10M", "10G").
    private static readonly (string Suffix, double Value, bool CaseSensitive, bool AllowSpace)[] Suffixes =
    [
        ("MM", 1e6, true, false),
        ("mil", 1e6, false, false),
        ("bln", 1e9, false, true),
        ("tln", 1e12, false, true),
        ("k", 1e3, false, true),
        ("M", 1e6, true, true),
        ("G", 1e9, true, true),
        ("b", 1e9, false, false),
    ];

    private static double VulgarFraction(char c) => c switch
    {
        '½' => 1.0 / 2,
        '⅓' => 1.0 / 3,
        '⅔' => 2.0 / 3,
        '¼' => 1.0 / 4,
        '¾' => 3.0 / 4,
        '⅕' => 1.0 / 5,
        '⅖' => 2.0 / 5,
        '⅗' => 3.0 / 5,
        '⅘' => 4.0 / 5,
        '⅙' => 1.0 / 6,
        '⅚' => 5.0 / 6,
        '⅐' => 1.0 / 7,
        '⅛' => 1.0 / 8,
        '⅜' => 3.0 / 8,
        '⅝' => 5.0 / 8,
        '⅞' => 7.0 / 8,
        '⅑' => 1.0 / 9,
        '⅒' => 1.0 / 10,
        _ => 0,
    };
}

using System.Globalization;

namespace BotHost.Recognizers;

/// <summary>
/// How much a digit string looks like a phone number, 0 to 1, matching upstream's scores (the spec
/// compares them). Points out of 100: 30 to start; 40 for a country code ("+44", "0049", "(+31)") or
/// else 30 for a bracketed area code; 20 per separator run up to three, less 20 if a run is longer than
/// one character or a bracket is unpaired; 10 per digit above eight up to three (and minus below eight);
/// minus 10 per repeated trailing digit beyond two ("...4444"); minus 10 per digit beyond eleven in an
/// unformatted string; minus 10 per extra run of five or more digits; minus 40 for shapes that are
/// usually something else; plus 15 for a US local number ("223-4567").
/// </summary>
internal static class PhoneNumberScore
{
    public static int Score(string phone)
    {
        var points = 30;
        var trimmed = phone.AsSpan().TrimStart('(').TrimStart(' ');
        var countryCode = trimmed.StartsWith("+") || (trimmed.StartsWith("00") && trimmed.Length > 2 && char.IsAsciiDigit(trimmed[2]));
        var hasOpen = phone.Contains('(');
        var hasClose = phone.Contains(')');
        points += countryCode ? 40 : hasOpen ? 30 : 0;

        var separatorRuns = 0;
        var longRun = false;
        var digits = 0;
        var longDigitRuns = 0;
        var digitRun = 0;
        for (var i = 0; i < phone.Length; i++)
        {
            var c = phone[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
                digitRun++;
                if (digitRun == 5)
                {
                    longDigitRuns++;
                }

                continue;
            }

            digitRun = 0;
            if (IsSeparator(c) && (i == 0 || !IsSeparator(phone[i - 1])))
            {
                var length = 1;
                while (i + length < phone.Length && IsSeparator(phone[i + length]))
                {
                    length++;
                }

                separatorRuns++;
                longRun |= length > 1;
            }
        }

        if (separatorRuns > 0)
        {
            points += Math.Min(separatorRuns, 3) * 20;
            points -= longRun ? 20 : 0;
            var completeBrackets = hasOpen && hasClose && phone.IndexOf('(') < phone.LastIndexOf(')');
            points -= (hasOpen || hasClose) && !completeBrackets ? 20 : 0;
        }

        points += Math.Min(digits - 8, 3) * 10;

        var tail = 0;
        for (var i = phone.Length - 1; i >= 0 && char.IsAsciiDigit(phone[i]) && phone[i] == phone[^1]; i--)
        {
            tail++;
        }

        if (tail >= 3)
        {
            points -= (tail - 2) * 10;
        }

        if (digits == phone.Length && phone.Length > 11)
        {
            points -= (phone.Length - 11) * 10;
        }

        if (IsUsuallySomethingElse(phone))
        {
            points -= 40;
        }

        points -= Math.Max(longDigitRuns - 1, 0) * 10;
        if (HasUsLocalNumber(phone))
        {
            points += 15;
        }

        return Math.Clamp(points, 0, 100);
    }

    public static string Format(int points) => (points / 100.0).ToString("0.##", CultureInfo.InvariantCulture);

    private static bool IsSeparator(char c) => c is ' ' or '-' or '/' or '.';

    // "(123).456.7890" and "011-82-10-...": shapes upstream trusts less.
    private static bool IsUsuallySomethingElse(string phone) =>
        phone.Contains(").", StringComparison.Ordinal) ||
        (phone.Length > 7 && char.IsAsciiDigit(phone[0]) && char.IsAsciiDigit(phone[2]) && phone[3] == '-' &&
         char.IsAsciiDigit(phone[4]) && char.IsAsciiDigit(phone[5]) && phone[6] == '-');

    /// <summary>"223-4567": three digits (not starting with 0), a dash or dot, four digits, not continuing an earlier group.</summary>
    private static bool HasUsLocalNumber(string phone)
    {
        for (var p = 0; p + 3 < phone.Length; p++)
        {
            if (phone[p] is < '1' or > '9' || !char.IsAsciiDigit(phone[p + 1]) || !char.IsAsciiDigit(phone[p + 2]))
            {
                continue;
            }

            if (p > 0)
            {
                var before = phone[p - 1];
                var beforeThat = p > 1 ? phone[p - 2] : '\0';
                if (char.IsAsciiDigit(before) || before is '-' or ')' or '.' || (before == ' ' && beforeThat is '-' or ')'))
                {
                    continue;
                }
            }

            var j = p + 3;
            while (j < phone.Length && phone[j] == ' ')
            {
                j++;
            }

            if (j >= phone.Length || phone[j] is not ('-' or '.'))
            {
                continue;
            }

            j++;
            while (j < phone.Length && phone[j] == ' ')
            {
                j++;
            }

            if (j + 4 <= phone.Length && phone.AsSpan(j, 4).IndexOfAnyExceptInRange('0', '9') < 0 &&
                !(j + 4 < phone.Length && phone[j + 4] is (>= '0' and <= '9') or '-' or '.'))
            {
                return true;
            }
        }

        return false;
    }
}

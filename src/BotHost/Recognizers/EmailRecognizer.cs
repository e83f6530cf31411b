namespace BotHost.Recognizers;

/// <summary>
/// Finds e-mail addresses the strict way upstream does: a local part of letters, digits and . _ % + -
/// with no leading, trailing or doubled dot; a host of dot-separated labels ending in an alphabetic
/// top-level domain of two letters or more, or an IPv4 literal in brackets. A sentence's final period is
/// not part of the address. Text and value are lower-cased, as upstream.
/// </summary>
internal sealed class EmailRecognizer
{
    public const string TypeName = "email";

    public IReadOnlyList<RecognizerResult<SequenceResolution>> Recognize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<RecognizerResult<SequenceResolution>>? results = null;
        var searchFrom = 0;
        int at;
        while ((at = text.IndexOf('@', searchFrom)) >= 0)
        {
            searchFrom = at + 1;
            var start = LocalPartStart(text, at);
            if (start < 0)
            {
                continue;
            }

            var end = HostEnd(text, at + 1);
            if (end < 0)
            {
                continue;
            }

            var value = text[start..(end + 1)].ToLowerInvariant();
            (results ??= []).Add(new(value, TypeName, new SequenceResolution(value), start, end));
            searchFrom = end + 1;
        }

        return results ?? (IReadOnlyList<RecognizerResult<SequenceResolution>>)[];
    }

    private static bool IsLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    /// <returns>The index of the local part's first character, or -1 when there is no valid local part.</returns>
    private static int LocalPartStart(string text, int at)
    {
        var start = at;
        while (start > 0 && IsLocalChar(text[start - 1]))
        {
            start--;
        }

        if (start == at || text[start] == '.' || text[at - 1] == '.')
        {
            return -1;
        }

        for (var i = start + 1; i < at; i++)
        {
            if (text[i] == '.' && text[i - 1] == '.')
            {
                return -1;
            }
        }

        return start;
    }

    /// <returns>The index of the host's last character, or -1 when there is no valid host.</returns>
    private static int HostEnd(string text, int start)
    {
        if (start < text.Length && text[start] == '[')
        {
            return IpLiteralEnd(text, start);
        }

        var i = start;
        var labels = 0;
        var lastLabelStart = start;
        var lastLabelEnd = -1;
        while (true)
        {
            var labelStart = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '-'))
            {
                i++;
            }

            if (i == labelStart)
            {
                break;
            }

            // "new_type.com": an underscore or other word character glued to a label makes the whole host invalid.
            if (i < text.Length && (text[i] == '_' || char.IsLetterOrDigit(text[i])))
            {
                return -1;
            }

            labels++;
            lastLabelStart = labelStart;
            lastLabelEnd = i - 1;
            if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiLetterOrDigit(text[i + 1]))
            {
                i++;
                continue;
            }

            break;
        }

        if (labels < 2 || lastLabelEnd - lastLabelStart + 1 < 2)
        {
            return -1;
        }

        for (var j = lastLabelStart; j <= lastLabelEnd; j++)
        {
            if (!char.IsAsciiLetter(text[j]))
            {
                return -1;
            }
        }

        return lastLabelEnd;
    }

    private static int IpLiteralEnd(string text, int open)
    {
        var i = open + 1;
        for (var part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (i >= text.Length || text[i] != '.')
                {
                    return -1;
                }

                i++;
            }

            var digitsStart = i;
            var value = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && i - digitsStart < 3)
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }

            if (i == digitsStart || value > 255)
            {
                return -1;
            }
        }

        return i < text.Length && text[i] == ']' ? i : -1;
    }
}

namespace BotHost.Recognizers.Currency;

/// <summary>Matches currency forms at a position, case-insensitively, bucketed by first character so a miss costs one lookup.</summary>
internal static class UnitMatcher
{
    private static readonly Dictionary<char, UnitForm[]> ByFirstChar = CurrencyUnits.Forms
        .GroupBy(f => char.ToLowerInvariant(f.Form[0]))
        .ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>The longest form with one of <paramref name="placements"/> starting at <paramref name="start"/>; <paramref name="end"/> is exclusive.</summary>
    public static UnitForm? Match(string text, int start, UnitPlacement placements, out int end)
    {
        end = start;
        if (start >= text.Length || !ByFirstChar.TryGetValue(char.ToLowerInvariant(text[start]), out var forms))
        {
            return null;
        }

        // A unit written with letters must not continue a word ("absent 5" holds no "sen").
        if (char.IsLetter(text[start]) && start > 0 && char.IsLetter(text[start - 1]))
        {
            return null;
        }

        foreach (var form in forms)
        {
            if ((form.Placement & placements) != 0 && TryMatch(text, start, form.Form, out end))
            {
                return form;
            }
        }

        end = start;
        return null;
    }

    private static bool TryMatch(string text, int start, string form, out int end)
    {
        var i = start;
        end = start;
        foreach (var c in form)
        {
            if (c == ' ')
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

                continue;
            }

            if (i >= text.Length || char.ToLowerInvariant(text[i]) != c)
            {
                return false;
            }

            i++;
        }

        // "dollars" is not "dollar" + "s"; digits may follow ("usd50").
        if (char.IsLetter(form[^1]) && i < text.Length && char.IsLetter(text[i]))
        {
            return false;
        }

        end = i;
        return true;
    }
}

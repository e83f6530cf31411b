namespace BotHost.Assistant;

/// <summary>
/// Recognises a misspelt word as a knowledge base term one edit away ("shiping", "acept"): one letter missing,
/// added, changed, or two neighbours swapped. Only for longer words and never at the first letter, where typos are
/// rare and one edit mostly turns a real word into another ("car"/"card", "crack"/"track"). Some real words still
/// land on a term ("contract"/"contact"); the confidence then rests on the other words of the question.
/// </summary>
internal static class Typos
{
    /// <summary>Words shorter than this are never corrected.</summary>
    public const int MinLength = 5;

    public static bool AreOneEditApart(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var a = first.Length >= second.Length ? first : second;
        var b = first.Length >= second.Length ? second : first;
        if (b.Length < MinLength - 1 || a.Length - b.Length > 1)
            return false;

        var i = a.CommonPrefixLength(b);
        if (i == 0)
            return false;
        if (i == b.Length)
            return a.Length != b.Length;
        if (a.Length != b.Length)
            return a[(i + 1)..].SequenceEqual(b[i..]);
        return a[(i + 1)..].SequenceEqual(b[(i + 1)..])
            || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..].SequenceEqual(b[(i + 2)..]));
    }
}

using System.Collections.Frozen;

namespace BotHost.Assistant;

/// <summary>
/// A deliberately light English stemmer: plurals, -ed, -ing, a final -e and a few irregular forms. It only has to make
/// the words of a question and of a knowledge base meet ("shipping"/"shipped"/"ships" -> "ship", "changes"/"changing"
/// -> "chang"); stems are never shown to anyone, so they need not be words. Works in place on a span so the hot path
/// never allocates.
/// </summary>
internal static class Stemmer
{
    // Irregular forms the suffix rules cannot reach; the base form is then stemmed like any other word.
    private static readonly FrozenDictionary<string, string> Irregular = new Dictionary<string, string>
    {
        ["paid"] = "pay",
        ["sent"] = "send",
        ["bought"] = "buy",
        ["broke"] = "break",
        ["broken"] = "break",
        ["chose"] = "choose",
        ["chosen"] = "choose",
        ["gave"] = "give",
        ["given"] = "give",
        ["got"] = "get",
        ["gotten"] = "get",
        ["went"] = "go",
        ["gone"] = "go",
        ["made"] = "make",
        ["sold"] = "sell",
        ["told"] = "tell",
        ["took"] = "take",
        ["taken"] = "take",
        ["wore"] = "wear",
        ["worn"] = "wear",
        ["lost"] = "lose",
        ["kept"] = "keep",
        ["came"] = "come",
        ["wrote"] = "write",
        ["written"] = "write",
        ["tore"] = "tear",
        ["torn"] = "tear",
        ["shrank"] = "shrink",
        ["shrunk"] = "shrink",
        ["men"] = "man",
        ["women"] = "woman",
        ["children"] = "child",
        ["feet"] = "foot",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> IrregularLookup =
        Irregular.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Stems the lower-case word in <c>word[..length]</c> in place and returns the stem's length.</summary>
    public static int Stem(Span<char> word, int length)
    {
        if (IrregularLookup.TryGetValue(word[..length], out var baseForm) && baseForm.Length <= word.Length)
        {
            baseForm.CopyTo(word);
            length = baseForm.Length;
        }
        if (length <= 2)
            return length;

        length = StripEnding(word, length);

        // A final e goes ("change", "changing" -> "chang") except after a short consonant-vowel-consonant stem,
        // where dropping it would make another word ("care" is not "car", "home" is not "hom").
        if (length >= 3 && word[length - 1] == 'e' && !IsShortCvc(word[..(length - 1)]))
            length--;
        return length;
    }

    /// <summary>Convenience for building the index and the static tables, where allocating is fine.</summary>
    public static string Stem(string word)
    {
        Span<char> buffer = stackalloc char[Math.Max(word.Length, 16)];
        word.AsSpan().CopyTo(buffer);
        return new string(buffer[..Stem(buffer, word.Length)]);
    }

    private static int StripEnding(Span<char> w, int n)
    {
        var s = (ReadOnlySpan<char>)w[..n];
        if (s.EndsWith("sses"))
            return n - 2;
        if (s.EndsWith("ies"))
        {
            if (n <= 4)
                return n - 1;
            w[n - 3] = 'y';
            return n - 2;
        }
        if (s.EndsWith("ied") && n > 4)
        {
            w[n - 3] = 'y';
            return n - 2;
        }
        if (s.EndsWith("ches") || s.EndsWith("shes") || s.EndsWith("xes"))
            return n - 2;
        if (s[^1] == 's')
            return n >= 4 && s[^2] is not ('s' or 'u' or 'i') ? n - 1 : n;
        // "need", "speed", "agreed": the e belongs to the word.
        if (s.EndsWith("eed"))
            return n;
        if (s.EndsWith("ed"))
            return StripVerbEnding(w, n, 2);
        if (s.EndsWith("ing"))
            return StripVerbEnding(w, n, 3);
        return n;
    }

    /// <summary>
    /// Drops -ed/-ing when what is left still looks like a word ("thing", "bed" and "bring" stay). Then undoubles a
    /// final consonant doubled by the suffix ("shipped" -> "ship") but not l, s or z ("billing", "dressed"), or puts
    /// back the e a short stem lost ("sizing" -> "size", "making" -> "make"), so the forms meet their base word.
    /// </summary>
    private static int StripVerbEnding(Span<char> w, int n, int suffixLength)
    {
        var stem = n - suffixLength;
        if (stem < 2 || !HasVowel(w[..stem]))
            return n;
        if (stem >= 4 && w[stem - 1] == w[stem - 2] && IsConsonant(w, stem - 1) && w[stem - 1] is not ('l' or 's' or 'z'))
            return stem - 1;
        if (IsShortCvc(w[..stem]))
        {
            w[stem] = 'e';
            return stem + 1;
        }
        return stem;
    }

    /// <summary>
    /// Porter's test for a stem like "siz", "car" or "hom": one vowel group, ending consonant-vowel-consonant where
    /// the last is not w, x or y.
    /// </summary>
    private static bool IsShortCvc(ReadOnlySpan<char> s)
    {
        var n = s.Length;
        if (n < 3 || !IsConsonant(s, n - 1) || IsConsonant(s, n - 2) || !IsConsonant(s, n - 3) || s[n - 1] is 'w' or 'x' or 'y')
            return false;
        var vowelGroupsFollowedByConsonant = 0;
        for (var i = 1; i < n; i++)
        {
            if (IsConsonant(s, i) && !IsConsonant(s, i - 1))
                vowelGroupsFollowedByConsonant++;
        }
        return vowelGroupsFollowedByConsonant == 1;
    }

    private static bool HasVowel(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!IsConsonant(s, i))
                return true;
        }
        return false;
    }

    // y is a vowel after a consonant ("day" has one vowel group, "yes" starts with a consonant).
    private static bool IsConsonant(ReadOnlySpan<char> s, int i) => s[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(s, i - 1),
        _ => true,
    };
}

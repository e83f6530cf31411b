using System.Collections.Frozen;

namespace BotHost.Assistant;

/// <summary>
/// A deliberately light English stemmer: plurals, -ed, -ing, a final -e and a few irregular forms. It only has to make
/// the words of a question and of a knowledge base meet ("shipping"/"shipped"/"ships" -> "ship", "sizes"/"sizing"
/// -> "siz"); stems are never shown to anyone, so they need not be words. Works in place on a span so the hot path
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

        // "size"/"sized"/"sizing" and "change"/"changing" meet only if the final e goes everywhere.
        if (length >= 3 && word[length - 1] == 'e')
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
    /// Drops -ed/-ing when what is left still looks like a word ("thing", "bed" and "bring" stay), then undoubles a
    /// final consonant doubled by the suffix ("shipped" -> "ship") but not l, s or z ("billing", "dressed").
    /// </summary>
    private static int StripVerbEnding(Span<char> w, int n, int suffixLength)
    {
        var stem = n - suffixLength;
        if (stem < 2 || !HasVowel(w[..stem]))
            return n;
        if (stem >= 4 && w[stem - 1] == w[stem - 2] && !IsVowel(w[stem - 1]) && w[stem - 1] is not ('l' or 's' or 'z'))
            stem--;
        return stem;
    }

    private static bool HasVowel(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (IsVowel(c))
                return true;
        }
        return false;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}

namespace BotHost.Recognizers.Numbers;

internal enum WordKind : byte
{
    Other,
    Zero,
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale,
    Dozen,
    Ordinal,
    Half,
    Quarter,
    Article,
    And,
    Point,
    Over,
    Out,
    Of,
    In,
    Minus,
    Determiner,
}

/// <summary>A word's role in a number phrase. <see cref="Plural"/> marks "fifths", "quarters", "dozens".</summary>
internal readonly record struct WordInfo(WordKind Kind, double Value, bool Plural = false);

/// <summary>The English number vocabulary, looked up without allocating (the recognizers run on every message).</summary>
internal static class NumberWords
{
    private static readonly Dictionary<string, WordInfo> Words = Build();
    private static readonly Dictionary<string, WordInfo>.AlternateLookup<ReadOnlySpan<char>> Lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    public static WordInfo Find(ReadOnlySpan<char> word) =>
        Lookup.TryGetValue(word, out var info) ? info : default;

    private static Dictionary<string, WordInfo> Build()
    {
        var words = new Dictionary<string, WordInfo>(StringComparer.OrdinalIgnoreCase);
        void Add(WordKind kind, double value, params string[] names)
        {
            foreach (var name in names)
            {
                words[name] = new WordInfo(kind, value);
            }
        }

        void AddOrdinal(WordKind kind, double value, string singular, string plural)
        {
            words[singular] = new WordInfo(kind, value);
            words[plural] = new WordInfo(kind, value, Plural: true);
        }

        Add(WordKind.Zero, 0, "zero", "nought", "naught");
        string[] units = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
        for (var i = 0; i < units.Length; i++)
        {
            Add(WordKind.Unit, i + 1, units[i]);
        }

        string[] teens = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
        for (var i = 0; i < teens.Length; i++)
        {
            Add(WordKind.Teen, i + 10, teens[i]);
        }

        string[] tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        for (var i = 0; i < tens.Length; i++)
        {
            Add(WordKind.Tens, (i + 2) * 10, tens[i]);
        }

        words["hundred"] = new WordInfo(WordKind.Hundred, 100);
        words["hundreds"] = new WordInfo(WordKind.Hundred, 100, Plural: true);
        Add(WordKind.Scale, 1e3, "thousand");
        Add(WordKind.Scale, 1e5, "lakh", "lakhs");
        Add(WordKind.Scale, 1e6, "million");
        Add(WordKind.Scale, 1e7, "crore", "crores");
        Add(WordKind.Scale, 1e9, "billion");
        Add(WordKind.Scale, 1e12, "trillion");
        Add(WordKind.Dozen, 12, "dozen", "dozens", "dz", "dzs", "doz", "dozs");

        string[] ordinals =
        [
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
        ];
        for (var i = 0; i < ordinals.Length; i++)
        {
            AddOrdinal(WordKind.Ordinal, i + 1, ordinals[i], ordinals[i] + "s");
        }

        string[] tensOrdinals = ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];
        for (var i = 0; i < tensOrdinals.Length; i++)
        {
            AddOrdinal(WordKind.Ordinal, (i + 2) * 10, tensOrdinals[i], tensOrdinals[i] + "s");
        }

        AddOrdinal(WordKind.Ordinal, 100, "hundredth", "hundredths");
        AddOrdinal(WordKind.Ordinal, 1e3, "thousandth", "thousandths");
        AddOrdinal(WordKind.Ordinal, 1e6, "millionth", "millionths");
        AddOrdinal(WordKind.Ordinal, 1e9, "billionth", "billionths");
        AddOrdinal(WordKind.Ordinal, 1e12, "trillionth", "trillionths");
        AddOrdinal(WordKind.Half, 2, "half", "halves");
        AddOrdinal(WordKind.Quarter, 4, "quarter", "quarters");

        Add(WordKind.Article, 1, "a", "an");
        Add(WordKind.And, 0, "and");
        Add(WordKind.Point, 0, "point");
        Add(WordKind.Over, 0, "over");
        Add(WordKind.Out, 0, "out");
        Add(WordKind.Of, 0, "of");
        Add(WordKind.In, 0, "in");
        Add(WordKind.Minus, 0, "minus", "negative");
        // "the one you mentioned": after these, a lone "one" is a pronoun, not a number.
        Add(WordKind.Determiner, 0, "the", "this", "that", "which", "each", "every", "any", "another", "no");
        return words;
    }
}

using System.Globalization;
using BotHost.Recognizers.Numbers;

namespace BotHost.Recognizers;

/// <summary>
/// Finds numbers written in digits or words: "1,500.50", "3k", "two hundred and fifty", "two thirds",
/// "one and a half million", "1.3e6". Values are invariant-culture strings of at most 15 significant
/// digits, as upstream's number model writes them; Text is the matched span, lower-cased.
/// </summary>
internal sealed class NumberRecognizer
{
    public const string TypeName = "number";

    public IReadOnlyList<RecognizerResult<NumberResolution>> Recognize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = Find(text);
        if (matches.Count == 0)
        {
            return [];
        }

        var results = new RecognizerResult<NumberResolution>[matches.Count];
        for (var i = 0; i < matches.Count; i++)
        {
            var m = matches[i];
            results[i] = new(text[m.Start..m.End].ToLowerInvariant(), TypeName, new NumberResolution(Subtype(m.Subtype), Format(m.Value)), m.Start, m.End - 1);
        }

        return results;
    }

    internal static List<NumberMatch> Find(string text) => NumberParser.Parse(NumberLexer.Tokenize(text));

    internal static string Format(double value) =>
        value == 0 ? "0" : value.ToString("G15", CultureInfo.InvariantCulture);

    private static string Subtype(NumberSubtype subtype) => subtype switch
    {
        NumberSubtype.Integer => "integer",
        NumberSubtype.Decimal => "decimal",
        NumberSubtype.Fraction => "fraction",
        _ => "power",
    };
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Handover.Settings;

/// <summary>Money amounts in a shopper's message ("$349.99", "80 USD", "€120"), for scenario thresholds (T5).</summary>
public static partial class Amounts
{
    public static readonly IReadOnlyList<string> KnownCurrencies = ["USD", "EUR", "GBP"];

    [GeneratedRegex(@"(?<sym>[$€£])\s?(?<n>\d[\d,]*(?:\.\d+)?)|(?<n>\d[\d,]*(?:\.\d+)?)\s?(?<code>usd|eur|gbp|dollars?|euros?|pounds?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AmountPattern();

    public static IEnumerable<(decimal Value, string Currency, string Text)> Find(string text)
    {
        foreach (Match m in AmountPattern().Matches(text))
        {
            if (!decimal.TryParse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
                continue;
            var currency = (m.Groups["sym"].Success ? m.Groups["sym"].Value : m.Groups["code"].Value.ToLowerInvariant()) switch
            {
                "$" or "usd" or "dollar" or "dollars" => "USD",
                "€" or "eur" or "euro" or "euros" => "EUR",
                _ => "GBP",
            };
            yield return (value, currency, m.Value);
        }
    }
}

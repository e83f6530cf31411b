using System.Globalization;
using BotHost.Recognizers;

namespace BotHost.Dialogs;

/// <summary>An amount of money named in a message.</summary>
internal sealed record Amount(decimal Value, string Currency);

/// <summary>What the dialogs read from a message with the recognizers: yes/no answers and amounts of money.</summary>
internal sealed class Readings
{
    private readonly BooleanRecognizer _boolean = new();
    private readonly CurrencyRecognizer _currency = new();

    /// <summary>The shopper's yes or no ("sure", "yep please", "no thanks"), or null when the message is something else.</summary>
    public bool? Confirmation(string text)
    {
        var results = _boolean.Recognize(text);
        var best = results.Count > 0 ? results[0] : null;
        // A yes/no buried in a longer sentence ("no, what are your shipping costs?") is a new question, not an answer.
        return best is { Resolution.Score: >= 0.5 } ? best.Resolution.Value : null;
    }

    /// <summary>Amounts with their ISO currency; an ambiguous sign ("$") takes <paramref name="defaultCurrency"/>.</summary>
    public IReadOnlyList<Amount> Amounts(string text, string defaultCurrency)
    {
        var amounts = new List<Amount>();
        foreach (var r in _currency.Recognize(text))
        {
            if (r.Resolution.Value is not { } value || !decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                continue;
            amounts.Add(new Amount(number, r.Resolution.IsoCurrency ?? defaultCurrency));
        }
        return amounts;
    }
}

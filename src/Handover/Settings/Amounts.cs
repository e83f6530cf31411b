namespace Handover.Settings;

/// <summary>Money in the bot files: the currencies a scenario's threshold may name (T5). Messages are read by the host's recognizers.</summary>
public static class Amounts
{
    public static readonly IReadOnlyList<string> KnownCurrencies = ["USD", "EUR", "GBP"];
}

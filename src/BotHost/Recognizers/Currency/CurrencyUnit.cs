namespace BotHost.Recognizers.Currency;

[Flags]
internal enum UnitPlacement : byte
{
    /// <summary>Written before the amount: "$20", "USD 200", "c $ 1.34".</summary>
    Prefix = 1,

    /// <summary>Written after the amount: "20 dollars", "10 €", "470 pence".</summary>
    Suffix = 2,

    /// <summary>Reported even without an amount ("paid in dollars"), with a null value, as upstream does.</summary>
    Alone = 4,
}

/// <summary>A currency as written: its names and symbols, upstream's unit name, ISO 4217 code when unambiguous.</summary>
internal sealed record CurrencyUnit(string Name, string? Iso, string Family)
{
    /// <summary>The currency's minor units by name and value ("cents" = 0.01), which may follow a whole amount.</summary>
    public IReadOnlyList<(string Name, double Value)> Minor { get; init; } = [];
}

/// <summary>One way to write a unit; a space inside <see cref="Form"/> matches any run of whitespace.</summary>
internal sealed record UnitForm(string Form, CurrencyUnit Unit, UnitPlacement Placement, double Multiplier = 1);

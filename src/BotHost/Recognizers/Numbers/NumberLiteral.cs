namespace BotHost.Recognizers.Numbers;

internal enum NumberSubtype : byte
{
    Integer,
    Decimal,
    Fraction,
    Power,
}

internal enum LiteralForm : byte
{
    /// <summary>Digits with optional group separators: may combine with number words ("3 hundred and 21").</summary>
    Integer,

    /// <summary>Digits with a decimal part: may take a scale word ("2.5 million").</summary>
    Decimal,

    /// <summary>Signed, suffixed, power or fraction: a number on its own.</summary>
    Complete,
}

/// <summary>A number written with digits. Attached literals touch a letter ("180ml", "usd50") and are no number on their own.</summary>
internal readonly record struct NumberLiteral(
    double Value,
    NumberSubtype Subtype,
    LiteralForm Form,
    bool AttachedLeft,
    bool AttachedRight)
{
    public bool Attached => AttachedLeft || AttachedRight;
}

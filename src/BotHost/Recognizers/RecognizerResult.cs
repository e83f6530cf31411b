using System.Text.Json.Serialization;

namespace BotHost.Recognizers;

/// <summary>
/// One recognized entity in the Microsoft Recognizers-Text model shape, so specs and tools written for
/// that library read our output unchanged. <see cref="Start"/> and <see cref="End"/> are character
/// indexes into the input; <see cref="End"/> is inclusive, as upstream.
/// </summary>
internal sealed record RecognizerResult<TResolution>(
    [property: JsonPropertyName("Text")] string Text,
    [property: JsonPropertyName("TypeName")] string TypeName,
    [property: JsonPropertyName("Resolution")] TResolution Resolution,
    [property: JsonPropertyName("Start")] int Start,
    [property: JsonPropertyName("End")] int End);

/// <summary>Resolution of the boolean model: the answer and how much of the utterance the match covers.</summary>
internal sealed record BooleanResolution(
    [property: JsonPropertyName("value")] bool Value,
    [property: JsonPropertyName("score")] double Score);

/// <summary>
/// Resolution of the number models. <see cref="Value"/> is a string, as upstream: invariant culture,
/// at most 15 significant digits.
/// </summary>
internal sealed record NumberResolution(
    [property: JsonPropertyName("subtype")] string Subtype,
    [property: JsonPropertyName("value")] string Value);

/// <summary>
/// Resolution of the currency model. <see cref="Value"/> is null for a unit mentioned without an amount
/// ("paid in dollars"); <see cref="IsoCurrency"/> is absent when the unit is ambiguous ("$", "pounds").
/// </summary>
internal sealed record CurrencyResolution(
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("isoCurrency"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IsoCurrency);

/// <summary>Resolution of the sequence models (e-mail, phone number); phone numbers carry a score.</summary>
internal sealed record SequenceResolution(
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("score"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Score = null);

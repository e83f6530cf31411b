using System.Text.Json.Serialization;

namespace BotHost.Recognizers;

/// <summary>Source-generated serializers: no reflection warm-up, so the first line is as fast as the rest.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(IReadOnlyList<RecognizerResult<BooleanResolution>>))]
[JsonSerializable(typeof(IReadOnlyList<RecognizerResult<NumberResolution>>))]
[JsonSerializable(typeof(IReadOnlyList<RecognizerResult<CurrencyResolution>>))]
[JsonSerializable(typeof(IReadOnlyList<RecognizerResult<SequenceResolution>>))]
internal sealed partial class RecognizerJson : JsonSerializerContext;

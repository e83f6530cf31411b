using System.Text.Json;

namespace BotHost.Recognizers;

/// <summary>The recognizers by model name, each as "utterance in, JSON array of results out", for tools such as the CLI.</summary>
internal static class RecognizerModels
{
    private static readonly Dictionary<string, Func<string, string>> ToJson = new(StringComparer.OrdinalIgnoreCase)
    {
        ["boolean"] = Json(new BooleanRecognizer().Recognize, RecognizerJson.Default.IReadOnlyListRecognizerResultBooleanResolution),
        ["number"] = Json(new NumberRecognizer().Recognize, RecognizerJson.Default.IReadOnlyListRecognizerResultNumberResolution),
        ["currency"] = Json(new CurrencyRecognizer().Recognize, RecognizerJson.Default.IReadOnlyListRecognizerResultCurrencyResolution),
        ["email"] = Json(new EmailRecognizer().Recognize, RecognizerJson.Default.IReadOnlyListRecognizerResultSequenceResolution),
        ["phone"] = Json(new PhoneNumberRecognizer().Recognize, RecognizerJson.Default.IReadOnlyListRecognizerResultSequenceResolution),
    };

    public static IEnumerable<string> Names => ToJson.Keys;

    public static bool TryGet(string name, out Func<string, string> recognizeToJson) =>
        ToJson.TryGetValue(name, out recognizeToJson!);

    private static Func<string, string> Json<T>(Func<string, IReadOnlyList<RecognizerResult<T>>> recognize, System.Text.Json.Serialization.Metadata.JsonTypeInfo<IReadOnlyList<RecognizerResult<T>>> info) =>
        text => JsonSerializer.Serialize(recognize(text), info);
}

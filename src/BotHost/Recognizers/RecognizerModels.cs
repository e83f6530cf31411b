using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHost.Recognizers;

/// <summary>The recognizers by model name, each as "utterance in, JSON array of results out", for tools such as the CLI.</summary>
internal static class RecognizerModels
{
    /// <summary>
    /// The model names. A plain list, not the recognizers: every CLI start lists them (the recognize verb's choices), and
    /// building five recognizers with their serializers there cost the other verbs tens of milliseconds of start-up.
    /// </summary>
    public static readonly IReadOnlyList<string> Names = ["boolean", "number", "currency", "email", "phone"];

    /// <summary>Builds the named model's recognizer and serializer (case-insensitive name); false for an unknown name.</summary>
    public static bool TryGet(string name, out Func<string, string> recognizeToJson)
    {
        recognizeToJson = name.ToLowerInvariant() switch
        {
            "boolean" => Json(new BooleanRecognizer().Recognize, RecognizerJson.Default.IReadOnlyListRecognizerResultBooleanResolution),
            "number" => Json(new NumberRecognizer().Recognize, RecognizerJson.Default.IReadOnlyListRecognizerResultNumberResolution),
            "currency" => Json(new CurrencyRecognizer().Recognize, RecognizerJson.Default.IReadOnlyListRecognizerResultCurrencyResolution),
            "email" => Json(new EmailRecognizer().Recognize, RecognizerJson.Default.IReadOnlyListRecognizerResultSequenceResolution),
            "phone" => Json(new PhoneNumberRecognizer().Recognize, RecognizerJson.Default.IReadOnlyListRecognizerResultSequenceResolution),
            _ => null!,
        };
        return recognizeToJson is not null;
    }

    private static Func<string, string> Json<T>(Func<string, IReadOnlyList<RecognizerResult<T>>> recognize, JsonTypeInfo<IReadOnlyList<RecognizerResult<T>>> info) =>
        text => JsonSerializer.Serialize(recognize(text), info);
}

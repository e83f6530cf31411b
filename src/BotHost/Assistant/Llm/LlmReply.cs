using System.Text.Json;
using Handover.Messages;

namespace BotHost.Assistant.Llm;

/// <summary>The model's structured reply: {"answer": string, "confident": bool, "handover": {"reason": string} | null}.</summary>
internal sealed record LlmReply(string Answer, bool Confident, string? HandoverReason)
{
    /// <summary>Said when the model asks for a human without giving a reason.</summary>
    public const string UnstatedHandoverReason = "The assistant asked for a human.";

    /// <summary>
    /// Reads the reply, forgiving what models commonly add around the JSON (a Markdown code fence, a sentence
    /// before it) and "true"/"false" as strings. Null, with why in <paramref name="problem"/>, when it is not usable.
    /// </summary>
    public static LlmReply? TryParse(string? text, out string problem)
    {
        var json = JsonObjectIn(text);
        if (json is null)
        {
            problem = "no JSON object in the reply";
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var answer = root.TryGetProperty("answer", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()!.Trim() : null;
            bool? confident = root.TryGetProperty("confident", out var c) ? Flag(c) : null;
            if (confident is null)
            {
                problem = "\"confident\" is missing or not true/false";
                return null;
            }
            if (answer is null || (confident.Value && answer.Length == 0))
            {
                problem = "\"answer\" is missing or empty";
                return null;
            }
            if (answer.Length > MessageLimits.MaxTextLength)
            {
                problem = $"\"answer\" is {answer.Length} characters; a message holds at most {MessageLimits.MaxTextLength}";
                return null;
            }
            problem = "";
            return new LlmReply(answer, confident.Value, Handover(root));
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON ({e.Message})";
            return null;
        }
    }

    private static string? JsonObjectIn(string? text)
    {
        if (text is null)
            return null;
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        return start >= 0 && end > start ? text[start..(end + 1)] : null;
    }

    private static bool? Flag(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
        _ => null,
    };

    private static string? Handover(JsonElement root)
    {
        if (!root.TryGetProperty("handover", out var handover))
            return null;
        return handover.ValueKind switch
        {
            JsonValueKind.Object => handover.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(r.GetString())
                ? r.GetString()!.Trim()
                : UnstatedHandoverReason,
            JsonValueKind.String when !string.IsNullOrWhiteSpace(handover.GetString()) => handover.GetString()!.Trim(),
            JsonValueKind.True => UnstatedHandoverReason,
            _ => null,
        };
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHost.Assistant.Llm;

// The OpenAI chat-completions wire format, only the fields this client sends and reads. These types stop at
// OpenAiChatClient; everything else sees Microsoft.Extensions.AI's ChatMessage and ChatResponse.

internal sealed record WireRequest(
    string Model,
    IReadOnlyList<WireMessage> Messages,
    float? Temperature,
    int? MaxTokens,
    float? TopP,
    float? FrequencyPenalty,
    float? PresencePenalty,
    long? Seed,
    IReadOnlyList<string>? Stop,
    WireResponseFormat? ResponseFormat);

internal sealed record WireMessage(string Role, string? Content, string? Name = null, string? Refusal = null);

internal sealed record WireResponseFormat(string Type, WireJsonSchema? JsonSchema = null);

internal sealed record WireJsonSchema(string Name, JsonElement Schema, string? Description);

internal sealed record WireResponse(string? Id, string? Model, long? Created, IReadOnlyList<WireChoice>? Choices, WireUsage? Usage);

internal sealed record WireChoice(int Index, WireMessage? Message, string? FinishReason);

internal sealed record WireUsage(long? PromptTokens, long? CompletionTokens, long? TotalTokens);

internal sealed record WireErrorBody(WireError? Error);

internal sealed record WireError(string? Message, string? Type, JsonElement? Code);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WireRequest))]
[JsonSerializable(typeof(WireResponse))]
[JsonSerializable(typeof(WireErrorBody))]
internal sealed partial class ChatCompletionsJson : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHost.Dialogs;

/// <summary>Stable ids of the bot's dialogs, as stored in <see cref="DialogState.Active"/>.</summary>
internal static class DialogIds
{
    public const string Answer = "answer";
    public const string OfferTransfer = "offer-transfer";
}

/// <summary>An offer of a person (T4) waiting for the shopper's yes or no, with the reason that led to it.</summary>
internal sealed record PendingOffer(string Trigger, string? Rule, string? Evidence, double Confidence);

/// <summary>
/// The dialogs' state of one conversation, persisted with it (typed, no string bags). A fresh state is used after a
/// human part (give-back resets it), so the AI neither repeats an old offer nor counts old failures.
/// </summary>
internal sealed record DialogState
{
    public string Active { get; init; } = DialogIds.Answer;

    /// <summary>Unsuccessful AI attempts in a row (T3).</summary>
    public int FailedAttempts { get; init; }

    /// <summary>The shopper's last question, to notice it asked again in other words.</summary>
    public string? LastQuestion { get; init; }

    public PendingOffer? Offer { get; init; }

    /// <summary>B1: what the human part of the conversation said, kept as the AI's context after give-back.</summary>
    public string? HumanSummary { get; init; }

    public static readonly DialogState Fresh = new();

    public string Serialize() => JsonSerializer.Serialize(this, DialogJson.Default.DialogState);

    public static DialogState? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            return JsonSerializer.Deserialize(json, DialogJson.Default.DialogState);
        }
        catch (JsonException)
        {
            // A state written by an older version that no longer reads: start afresh rather than fail the turn.
            return null;
        }
    }
}

[JsonSerializable(typeof(DialogState))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class DialogJson : JsonSerializerContext;

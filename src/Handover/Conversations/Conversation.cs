namespace Handover.Conversations;

/// <summary>A conversation between one shopper (at one channel address) and the bot, its agents and its AI.</summary>
public sealed record Conversation(
    string Id,
    string BotId,
    string Channel,
    string Address,
    string ShopperId,
    string? ShopperName,
    ConversationState State,
    long Version,
    HandoverReason? HandoverReason,
    bool EverHandedOver,
    string? StartedOnPage,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastMessageAt)
{
    /// <summary>The bot's dialog state (JSON, typed by the dialogs); null when the AI starts afresh.</summary>
    public string? DialogState { get; init; }

    /// <summary>Semi-automate (T7): the AI kept answering, but suggests a person for this reason.</summary>
    public HandoverReason? EscalationSuggested { get; init; }
}

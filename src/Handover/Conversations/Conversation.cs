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
    DateTimeOffset LastMessageAt);

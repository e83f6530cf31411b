namespace Handover.Messages;

/// <summary>
/// A shopper's message as every channel adapter hands it to the core. <see cref="ProviderMessageId"/> is the
/// channel's own id for it (Direct Line activity id, Twilio MessageSid, ...): the dedupe key with <see cref="Channel"/>.
/// </summary>
public sealed record InboundMessage(
    string BotId,
    string Channel,
    string Address,
    string ProviderMessageId,
    string ShopperId,
    string? ShopperName,
    string Text)
{
    /// <summary>The page the chat was started on (web chat), when known.</summary>
    public string? StartedOnPage { get; init; }

    /// <summary>Structured data sent with the message (an Adaptive Card submit), as JSON.</summary>
    public string? ValueJson { get; init; }
}

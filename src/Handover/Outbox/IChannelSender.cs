namespace Handover.Outbox;

/// <summary>Delivers outbound messages on one channel. Called only by the outbox worker, never from a request.</summary>
public interface IChannelSender
{
    /// <summary>The channel this sender serves ("webchat", "sms", "whatsapp", "teams" ...).</summary>
    string Channel { get; }

    /// <summary>Sends one message. Must be idempotent per <see cref="OutboundMessage.OutboxId"/>: the outbox delivers at least once.</summary>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// A sender that can deliver several messages, each to a different destination, in one go (one database statement for
/// web chat's activity log). The outbox hands it the first due message of every destination on its channel.
/// </summary>
public interface IBatchChannelSender : IChannelSender
{
    /// <summary>One result per message, in order. Each must be idempotent per <see cref="OutboundMessage.OutboxId"/>, as in SendAsync.</summary>
    Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken);
}

public enum SendOutcome
{
    Sent,
    /// <summary>Worth trying again later (timeouts, 429, 5xx).</summary>
    Transient,
    /// <summary>Will never succeed (validation errors, unknown address).</summary>
    Permanent,
}

public sealed record SendResult(SendOutcome Outcome, string? ProviderMessageId = null, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static SendResult Sent(string? providerMessageId = null) => new(SendOutcome.Sent, providerMessageId);

    public static SendResult Transient(string error, TimeSpan? retryAfter = null) => new(SendOutcome.Transient, Error: error, RetryAfter: retryAfter);

    public static SendResult Permanent(string error) => new(SendOutcome.Permanent, Error: error);
}

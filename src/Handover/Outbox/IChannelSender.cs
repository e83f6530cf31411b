namespace Handover.Outbox;

/// <summary>Delivers outbound messages on one channel. Called only by the outbox worker, never from a request.</summary>
public interface IChannelSender
{
    /// <summary>The channel this sender serves ("webchat", "sms", "whatsapp", "teams" ...).</summary>
    string Channel { get; }

    /// <summary>Sends one message. Must be idempotent per <see cref="OutboundMessage.OutboxId"/>: the outbox delivers at least once.</summary>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
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

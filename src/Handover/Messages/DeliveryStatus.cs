namespace Handover.Messages;

/// <summary>Delivery of an outbound message (C2). Inbound messages have none.</summary>
public static class DeliveryStatus
{
    public const string Queued = "queued";

    /// <summary>Not sent yet on purpose: the channel holds it until it may deliver (WhatsApp 24-hour window).</summary>
    public const string Held = "held";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Failed = "failed";
}

namespace Handover.Messages;

/// <summary>Delivery of an outbound message (C2). Inbound messages have none.</summary>
public static class DeliveryStatus
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Failed = "failed";
}

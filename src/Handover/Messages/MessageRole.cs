namespace Handover.Messages;

/// <summary>Who wrote a message. Stored as lower-case text.</summary>
public enum MessageRole
{
    Shopper,
    Ai,
    Human,
    System,
}

public static class MessageRoles
{
    public static string ToWire(this MessageRole role) => role switch
    {
        MessageRole.Shopper => "shopper",
        MessageRole.Ai => "ai",
        MessageRole.Human => "human",
        MessageRole.System => "system",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static MessageRole Parse(string value) => value switch
    {
        "shopper" => MessageRole.Shopper,
        "ai" => MessageRole.Ai,
        "human" => MessageRole.Human,
        "system" => MessageRole.System,
        _ => throw new FormatException($"Unknown message role '{value}'."),
    };
}

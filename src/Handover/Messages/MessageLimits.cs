namespace Handover.Messages;

public static class MessageLimits
{
    /// <summary>Longest message text accepted from anyone, in characters.</summary>
    public const int MaxTextLength = 4000;
}

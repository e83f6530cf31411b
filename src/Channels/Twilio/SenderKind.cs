namespace Channels.Twilio;

/// <summary>
/// The kind of number a message is sent from. It decides how fast Twilio lets that number send (<see cref="TwilioPacing"/>):
/// a 10-digit long code 1 message/s, toll-free numbers and short codes faster, WhatsApp senders by their tier.
/// </summary>
public enum SenderKind
{
    LongCode,
    TollFree,
    ShortCode,
    WhatsApp,
}

internal static class SenderKinds
{
    // North American toll-free area codes; every other E.164 number counts as a long code (the slowest, the safe guess).
    private static readonly string[] TollFreePrefixes = ["+1800", "+1833", "+1844", "+1855", "+1866", "+1877", "+1888"];

    /// <summary>A Twilio From value: "whatsapp:+1...", a short code ("12345"), or an E.164 number.</summary>
    public static SenderKind Of(string from)
    {
        if (from.StartsWith(TwilioChannels.WhatsAppPrefix, StringComparison.Ordinal))
            return SenderKind.WhatsApp;
        if (IsShortCode(from))
            return SenderKind.ShortCode;
        return TollFreePrefixes.Any(p => from.StartsWith(p, StringComparison.Ordinal)) ? SenderKind.TollFree : SenderKind.LongCode;
    }

    /// <summary>US/Canadian short codes are 5 or 6 digits, written without a "+".</summary>
    public static bool IsShortCode(string from) => from.Length is 5 or 6 && from.All(char.IsAsciiDigit);
}

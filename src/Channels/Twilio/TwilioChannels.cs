namespace Channels.Twilio;

/// <summary>The core's channel names for Twilio, and how addresses look on each.</summary>
public static class TwilioChannels
{
    /// <summary>Shoppers on SMS; the address is their E.164 number.</summary>
    public const string Sms = "sms";

    /// <summary>Shoppers on WhatsApp; the address is "whatsapp:" + their E.164 number.</summary>
    public const string WhatsApp = "whatsapp";

    /// <summary>Agent-side mirrors on an agent's own phone.</summary>
    public const string SmsAgent = "sms-agent";

    public const string WhatsAppAgent = "whatsapp-agent";

    public const string WhatsAppPrefix = "whatsapp:";

    /// <summary>"sms" or "whatsapp" for a Twilio From/To value.</summary>
    public static string KindOf(string address) => address.StartsWith(WhatsAppPrefix, StringComparison.Ordinal) ? WhatsApp : Sms;

    /// <summary>The bare E.164 number of an address.</summary>
    public static string PhoneOf(string address) => address.StartsWith(WhatsAppPrefix, StringComparison.Ordinal) ? address[WhatsAppPrefix.Length..] : address;

    public static string AddressOf(string kind, string phone) => kind == WhatsApp ? WhatsAppPrefix + phone : phone;

    public static string AgentMirrorChannel(string kind) => kind == WhatsApp ? WhatsAppAgent : SmsAgent;

    /// <summary>"sms" or "whatsapp" for any of the four channel names.</summary>
    public static string KindOfChannel(string channel) => channel is WhatsApp or WhatsAppAgent ? WhatsApp : Sms;
}

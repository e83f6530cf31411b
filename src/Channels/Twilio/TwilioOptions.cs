namespace Channels.Twilio;

/// <summary>
/// SMS and WhatsApp through Twilio (configuration section "Twilio"). The channel is off when the section is absent.
/// </summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>The account SID ("AC" + 32 hex digits): the REST API's user name and the account in its URLs.</summary>
    public string AccountSid { get; set; } = "";

    /// <summary>The auth token: the REST API's password and the key of <c>X-Twilio-Signature</c>.</summary>
    public string AuthToken { get; set; } = "";

    /// <summary>Where the REST API is (tests point it at a local fake).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>The URL Twilio reaches this host at (behind a proxy or tunnel, the public one): webhooks are signed over it.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>The SMS number messages are sent from: E.164 (+15005550006, a long code or toll-free number) or a short code (12345); SMS is off without it.</summary>
    public string? SmsFrom { get; set; }

    /// <summary>
    /// A Messaging Service ("MG" + 32 hex digits) that SMS goes out through instead of <see cref="SmsFrom"/>: Twilio picks the
    /// number from the service's pool and queues each number to its rate itself, so this host does not pace these sends.
    /// The way to send more SMS than one number may.
    /// </summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>The WhatsApp sender (e.g. whatsapp:+14155238886); WhatsApp is off without it.</summary>
    public string? WhatsAppFrom { get; set; }

    /// <summary>Who SMS or WhatsApp (<paramref name="kind"/>) is sent as, or null when that channel has no sender.</summary>
    internal TwilioFrom? FromFor(string kind) => kind == TwilioChannels.WhatsApp
        ? WhatsAppFrom is { } whatsApp ? new TwilioFrom("From", whatsApp, Paced: true) : null
        : MessagingServiceSid is { } service ? new TwilioFrom("MessagingServiceSid", service, Paced: false)
        : SmsFrom is { } sms ? new TwilioFrom("From", sms, Paced: true) : null;

    /// <summary>The bot that owns conversations on these numbers.</summary>
    public string BotId { get; set; } = "demo";

    public TwilioPacing Pacing { get; set; } = new();

    /// <summary>
    /// REST calls in flight at once per channel: each waits on the network (a real call takes a few hundred milliseconds),
    /// so replies to different shoppers go side by side. Twilio's own limit per account is about 100 concurrent requests.
    /// </summary>
    public int MaxConcurrentSends { get; set; } = 32;

    /// <summary>The approved template sent to re-open a WhatsApp conversation outside the 24-hour window (C1).</summary>
    public TwilioTemplate WhatsAppTemplate { get; set; } = new();

    /// <summary>Agents' own phones: E.164 number -> agent id. Messages from these numbers are agent commands, never shopper messages.</summary>
    public Dictionary<string, string> Agents { get; set; } = [];

    /// <summary>Where agents get handover notifications: "whatsapp" or "sms".</summary>
    public string AgentChannel { get; set; } = TwilioChannels.WhatsApp;
}

/// <summary>
/// The sender of a REST call: a number (<c>From</c>, paced by this host) or a Messaging Service
/// (<c>MessagingServiceSid</c>, paced by Twilio).
/// </summary>
internal sealed record TwilioFrom(string Parameter, string Value, bool Paced)
{
    public KeyValuePair<string, string> AsParameter() => new(Parameter, Value);
}

/// <summary>
/// Messages per second per sender number, by the kind of number (<see cref="SenderKind"/>). Twilio queues what a number
/// sends faster than its rate and eventually drops it, so each node spaces its sends itself. The defaults are Twilio's
/// standard rates (US long code 1/s, toll-free 3/s, short code 100/s); raise them to what your numbers were granted.
/// </summary>
public sealed class TwilioPacing
{
    public double LongCode { get; set; } = 1;

    public double TollFree { get; set; } = 3;

    public double ShortCode { get; set; } = 100;

    public double WhatsApp { get; set; } = 10;

    public double PerSecond(SenderKind kind) => kind switch
    {
        SenderKind.TollFree => TollFree,
        SenderKind.ShortCode => ShortCode,
        SenderKind.WhatsApp => WhatsApp,
        _ => LongCode,
    };
}

public sealed class TwilioTemplate
{
    /// <summary>The Content SID of an approved template ("HX...").</summary>
    public string? ContentSid { get; set; }

    /// <summary>The template's variables ("1" -> "..."), sent as Twilio's ContentVariables JSON.</summary>
    public Dictionary<string, string> Variables { get; set; } = [];
}

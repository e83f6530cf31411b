namespace Channels.DirectLine;

/// <summary>
/// The Direct Line 3.0 server that the official Web Chat widget talks to (configuration section "DirectLine").
/// </summary>
public sealed class DirectLineOptions
{
    public const string Section = "DirectLine";

    /// <summary>
    /// The master key: a server-side caller holding it may start any conversation and mint tokens. It must never reach a
    /// browser. Required outside Development; in Development a random one is used when it is missing.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>The HS256 key that signs tokens (at least 32 characters). Defaults to a key derived from <see cref="Secret"/>.</summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>How long a token is valid; Direct Line clients refresh at half of it. Reported as <c>expires_in</c> in seconds.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The bot that owns web chat conversations.</summary>
    public string BotId { get; set; } = "demo";

    /// <summary>The bot's display name on its messages.</summary>
    public string BotName { get; set; } = "Shop assistant";

    /// <summary>Where the Direct Line API is served (the <c>domain</c> a DirectLineJS client is given).</summary>
    public string BasePath { get; set; } = "/v3/directline";

    /// <summary>How many web chat tokens one client IP may request per minute from <c>POST /api/webchat/token</c>.</summary>
    public int WebChatTokenRequestsPerMinute { get; set; } = 10;
}

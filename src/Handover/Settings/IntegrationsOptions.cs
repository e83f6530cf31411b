namespace Handover.Settings;

/// <summary>
/// Where the integrations the handover actions use live, and their secrets (section "Integrations"). Secrets stay in
/// configuration (environment, user secrets), never in the bot files an admin edits; a bot file that uses an
/// integration whose secret is missing is refused by name.
/// </summary>
public sealed class IntegrationsOptions
{
    public const string Section = "Integrations";

    /// <summary>The address agents open conversations at, for links in e-mails and tickets.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Who is e-mailed when, in Semi-automate, the AI suggests a person (T7).</summary>
    public List<string> EscalationRecipients { get; set; } = [];

    public GorgiasOptions Gorgias { get; set; } = new();

    public ZendeskOptions Zendesk { get; set; } = new();

    public IntercomOptions Intercom { get; set; } = new();

    /// <summary>Timeout of one call to a helpdesk or the mail server.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "handover-bot@localhost";
}

public sealed class GorgiasOptions
{
    /// <summary>https://&lt;account&gt;.gorgias.com</summary>
    public string? BaseUrl { get; set; }
    public string? Username { get; set; }
    public string? ApiKey { get; set; }
}

public sealed class ZendeskOptions
{
    /// <summary>https://&lt;subdomain&gt;.zendesk.com</summary>
    public string? BaseUrl { get; set; }
    public string? Email { get; set; }
    public string? ApiToken { get; set; }
}

public sealed class IntercomOptions
{
    public string BaseUrl { get; set; } = "https://api.intercom.io";
    public string? AccessToken { get; set; }
}

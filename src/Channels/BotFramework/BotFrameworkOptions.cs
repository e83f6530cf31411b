using Microsoft.Extensions.Options;

namespace Channels.BotFramework;

/// <summary>The bot's Bot Framework identity and the Microsoft endpoints it trusts (configuration section "BotFramework").</summary>
public sealed class BotFrameworkOptions
{
    public const string Section = "BotFramework";

    /// <summary>The Microsoft App ID of the Azure Bot. Without it the bot accepts unauthenticated activities (development only).</summary>
    public string? AppId { get; set; }

    /// <summary>The app's client secret, used to get tokens for calls to the Connector.</summary>
    public string? AppPassword { get; set; }

    /// <summary>For single-tenant bots: the tenant tokens are requested from (instead of botframework.com).</summary>
    public string? TenantId { get; set; }

    /// <summary>Where the Bot Connector's signing keys are published.</summary>
    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    /// <summary>The issuer of Bot Connector tokens.</summary>
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>The Entra ID login endpoint outbound tokens come from ({LoginUrl}/{tenant}/oauth2/v2.0/token).</summary>
    public Uri LoginUrl { get; set; } = new("https://login.microsoftonline.com");

    /// <summary>The scope outbound tokens are requested for.</summary>
    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>How often the signing keys are fetched again even when nothing asks for it.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A token signed with an unknown key triggers at most one key refresh per this interval.</summary>
    public TimeSpan UnknownKeyRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// An optional Bot Framework human-agent hub (its service URL): every handover is announced there with a
    /// <c>handoff.initiate</c> event carrying the transcript. Off when empty.
    /// </summary>
    public Uri? HandoffHubUrl { get; set; }

    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(AppId);

    public string TokenTenant => string.IsNullOrWhiteSpace(TenantId) ? "botframework.com" : TenantId;
}

/// <summary>Reports every bad BotFramework setting by its key.</summary>
internal sealed class BotFrameworkOptionsValidator : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions o)
    {
        var errors = new List<string>();
        const string p = BotFrameworkOptions.Section;
        if (o.AuthenticationEnabled && !Guid.TryParse(o.AppId, out _))
            errors.Add($"{p}:AppId must be the Microsoft App ID (a GUID); got '{o.AppId}'.");
        if (o.AuthenticationEnabled && string.IsNullOrWhiteSpace(o.AppPassword))
            errors.Add($"{p}:AppPassword is required when {p}:AppId is set (the bot needs it to answer).");
        if (!o.AuthenticationEnabled && !string.IsNullOrWhiteSpace(o.AppPassword))
            errors.Add($"{p}:AppPassword is set but {p}:AppId is not.");
        if (o.TenantId is { Length: > 0 } tenant && !Guid.TryParse(tenant, out _) && !tenant.Contains('.', StringComparison.Ordinal))
            errors.Add($"{p}:TenantId must be a tenant GUID or domain; got '{tenant}'.");
        CheckEndpoint(errors, $"{p}:OpenIdMetadataUrl", o.OpenIdMetadataUrl);
        CheckEndpoint(errors, $"{p}:LoginUrl", o.LoginUrl);
        if (o.HandoffHubUrl is not null)
            CheckEndpoint(errors, $"{p}:HandoffHubUrl", o.HandoffHubUrl);
        if (string.IsNullOrWhiteSpace(o.Issuer))
            errors.Add($"{p}:Issuer must not be empty.");
        if (string.IsNullOrWhiteSpace(o.Scope))
            errors.Add($"{p}:Scope must not be empty.");
        if (o.KeyRefreshInterval < TimeSpan.FromMinutes(5))
            errors.Add($"{p}:KeyRefreshInterval must be at least 00:05:00; got '{o.KeyRefreshInterval}'.");
        if (o.UnknownKeyRefreshInterval < TimeSpan.FromMinutes(1))
            errors.Add($"{p}:UnknownKeyRefreshInterval must be at least 00:01:00; got '{o.UnknownKeyRefreshInterval}'.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>HTTPS, except on a loopback host (local fakes in tests, the Emulator).</summary>
    internal static void CheckEndpoint(List<string> errors, string key, Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            errors.Add($"{key} must be an absolute https URL (http only on loopback); got '{uri}'.");
    }
}

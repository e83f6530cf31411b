using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Channels.Twilio;

/// <summary>Reports every bad Twilio setting by its key and value, so start-up stops with one clear message.</summary>
internal sealed partial class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSid();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex MessagingServiceSid();

    public ValidateOptionsResult Validate(string? name, TwilioOptions o)
    {
        const string p = TwilioOptions.Section;
        var errors = new List<string>();
        if (!AccountSid().IsMatch(o.AccountSid ?? ""))
            errors.Add($"{p}:AccountSid must be 'AC' followed by 32 hex digits; got '{o.AccountSid}'.");
        if (string.IsNullOrWhiteSpace(o.AuthToken) || o.AuthToken.Length < 16)
            errors.Add($"{p}:AuthToken is required (at least 16 characters); the configured one has {o.AuthToken?.Length ?? 0}.");
        if (!IsBaseUrl(o.ApiBaseUrl))
            errors.Add($"{p}:ApiBaseUrl must be an absolute http(s) URL without query; got '{o.ApiBaseUrl}'.");
        if (!IsBaseUrl(o.PublicBaseUrl))
            errors.Add($"{p}:PublicBaseUrl must be the absolute http(s) URL Twilio reaches this host at, without query; got '{o.PublicBaseUrl}'.");
        if (o.SmsFrom is null && o.MessagingServiceSid is null && o.WhatsAppFrom is null)
            errors.Add($"{p}:SmsFrom, {p}:MessagingServiceSid or {p}:WhatsAppFrom must be set (what messages are sent from).");
        if (o.MessagingServiceSid is { } service && !MessagingServiceSid().IsMatch(service))
            errors.Add($"{p}:MessagingServiceSid must be 'MG' followed by 32 hex digits; got '{service}'.");
        if (o.SmsFrom is { } sms && !E164().IsMatch(sms) && !SenderKinds.IsShortCode(sms))
            errors.Add($"{p}:SmsFrom must be an E.164 number like +15005550006 or a short code like 12345; got '{sms}'.");
        if (o.WhatsAppFrom is { } wa && !(wa.StartsWith(TwilioChannels.WhatsAppPrefix, StringComparison.Ordinal) && E164().IsMatch(wa[TwilioChannels.WhatsAppPrefix.Length..])))
            errors.Add($"{p}:WhatsAppFrom must look like whatsapp:+14155238886; got '{wa}'.");
        if (o.WhatsAppFrom is not null && string.IsNullOrWhiteSpace(o.WhatsAppTemplate.ContentSid))
            errors.Add($"{p}:WhatsAppTemplate:ContentSid is required with WhatsAppFrom: it re-opens conversations outside the 24-hour window.");
        if (o.WhatsAppTemplate.ContentSid is { Length: > 0 } contentSid && !contentSid.StartsWith("HX", StringComparison.Ordinal))
            errors.Add($"{p}:WhatsAppTemplate:ContentSid must be a Content SID starting with 'HX'; got '{contentSid}'.");
        foreach (var kind in Enum.GetValues<SenderKind>())
        {
            var perSecond = o.Pacing.PerSecond(kind);
            if (perSecond is <= 0 or > 1000 || double.IsNaN(perSecond))
                errors.Add($"{p}:Pacing:{kind} must be messages per second in (0, 1000]; got '{perSecond}'.");
        }
        if (o.MaxConcurrentSends is < 1 or > 100)
            errors.Add($"{p}:MaxConcurrentSends must be between 1 and 100; got '{o.MaxConcurrentSends}'.");
        if (string.IsNullOrWhiteSpace(o.BotId))
            errors.Add($"{p}:BotId must not be empty.");
        foreach (var (phone, agentId) in o.Agents)
        {
            if (!E164().IsMatch(phone))
                errors.Add($"{p}:Agents:{phone} must be keyed by an E.164 number like +15551230001; got '{phone}'.");
            if (string.IsNullOrWhiteSpace(agentId))
                errors.Add($"{p}:Agents:{phone} must name an agent id.");
        }
        if (o.AgentChannel is not (TwilioChannels.WhatsApp or TwilioChannels.Sms))
            errors.Add($"{p}:AgentChannel must be 'whatsapp' or 'sms'; got '{o.AgentChannel}'.");
        else if (o.Agents.Count > 0 && o.FromFor(o.AgentChannel) is null)
            errors.Add($"{p}:AgentChannel is '{o.AgentChannel}' but its sender ({(o.AgentChannel == TwilioChannels.WhatsApp ? "WhatsAppFrom" : "SmsFrom or MessagingServiceSid")}) is not set.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsBaseUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}

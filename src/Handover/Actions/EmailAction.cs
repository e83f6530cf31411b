using Handover.Jobs;
using Handover.Settings;
using Microsoft.Extensions.Options;

namespace Handover.Actions;

/// <summary>
/// A6: e-mails the recipients ("Customer needs your help") with the handover reason and a link to the conversation,
/// through <see cref="MailDelivery"/>: a retried or re-run step sends the same message, and nothing once it was sent.
/// </summary>
internal sealed class EmailAction(IOptionsMonitor<IntegrationsOptions> integrations, MailDelivery mail) : IHandoverAction
{
    public const string DefaultSubject = "Customer needs your help";

    public string Type => "email";

    public async Task<JobOutcome> RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var o = integrations.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.Smtp.Host))
            return JobOutcome.Fail("Integrations:Smtp:Host is not configured.");
        var c = context.Conversation;
        var reason = c.HandoverReason is { } r ? $"{r.Trigger}{(r.Rule is null ? "" : $" ({r.Rule})")}: {r.Evidence}" : "handed over";
        var body = $"""
            A customer needs your help.

            Conversation: {o.PublicBaseUrl.TrimEnd('/')}/api/conversations/{c.Id}
            Customer: {c.ShopperName ?? c.ShopperId} on {c.Channel}
            Why: {reason}
            """;
        try
        {
            await mail.SendOnceAsync(new HandoverMail(c.Id, $"action:{context.RunKey}", context.Action.To ?? [], context.Action.Subject ?? DefaultSubject, body), cancellationToken);
            return JobOutcome.Done;
        }
        catch (SmtpReplyException e) when (!e.Transient)
        {
            return JobOutcome.Fail(e.Message);
        }
        catch (Exception e) when (SmtpMailer.IsTransient(e, cancellationToken))
        {
            return JobOutcome.Retry(e.Message);
        }
    }
}

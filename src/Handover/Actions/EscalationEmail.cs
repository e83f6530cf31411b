using Handover.Conversations;
using Handover.Events;
using Handover.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handover.Actions;

/// <summary>
/// Semi-automate (T7): when the AI keeps a conversation but suggests a person (an EscalationSuggested event), the
/// admins in <c>Integrations:EscalationRecipients</c> get an e-mail to decide. A failed send is retried by the event
/// relay and, if it keeps failing, recorded in <c>event_failures</c>; <see cref="MailDelivery"/> makes every retry the
/// same message (one Message-ID per event) and sends nothing once it was sent.
/// </summary>
internal sealed class EscalationEmail(IOptionsMonitor<IntegrationsOptions> integrations, MailDelivery mail, ILogger<EscalationEmail> logger) : IConversationEventHandler
{
    public const string Subject = "The AI suggests a person for a conversation";

    public string Name => "escalation-email";

    public async Task HandleAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken)
    {
        if (conversationEvent.Verb != ConversationVerb.EscalationSuggested || conversationEvent.Reason is not { } reason)
            return;
        var o = integrations.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.Smtp.Host) || o.EscalationRecipients.Count == 0)
        {
            logger.LogInformation("Escalation suggested for conversation {ConversationId} ({Trigger}); no SMTP host or recipients configured to e-mail",
                conversationEvent.ConversationId, reason.Trigger);
            return;
        }
        var body = $"""
            The AI is still answering this customer, but suggests that a person takes over.

            Conversation: {o.PublicBaseUrl.TrimEnd('/')}/inbox/conversations/{conversationEvent.ConversationId}
            Why: {reason.Trigger}{(reason.Rule is null ? "" : $" ({reason.Rule})")}: {reason.Evidence}
            """;
        await mail.SendOnceAsync(new HandoverMail(conversationEvent.ConversationId, $"escalation:{conversationEvent.Id}", o.EscalationRecipients, Subject, body), cancellationToken);
    }
}

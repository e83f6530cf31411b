using System.Text.Json;
using Handover.Agents;
using Handover.Conversations;
using Handover.Outbox;
using Handover.Persistence;
using Handover.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Channels.Twilio;

/// <summary>
/// The WhatsApp 24-hour customer service window (C1). A shopper's message opens it for 24 h. Outside it, a reply is
/// not sent: it is held, the approved template is sent once to re-open the conversation, and the agent is told by an
/// internal note; held replies are queued again, in order, as soon as the shopper answers. Twilio's error 63016 (the
/// window was closed after all) is handled the same way.
/// </summary>
internal sealed class WhatsAppWindow(
    DeliveryStore store, TwilioApi api, Pacer pacer, Database database, ConversationStore conversations, AgentStore agents,
    ConversationCommands commands, IOptions<TwilioOptions> options, TimeProvider time, ILogger<WhatsAppWindow> logger)
{
    public const string OutsideWindow = "outside_window";
    public const string Error63016 = "error_63016";
    public static readonly TimeSpan Length = TimeSpan.FromHours(24);

    /// <summary>True when a free-form reply to <paramref name="address"/> must wait: the window is closed, or earlier replies wait already (order).</summary>
    public async Task<bool> MustHoldAsync(string address, CancellationToken cancellationToken) =>
        !await IsOpenAsync(address, cancellationToken) || await store.HasHeldAsync(address, cancellationToken);

    public async Task<bool> IsOpenAsync(string address, CancellationToken cancellationToken) =>
        await store.WindowAsync(address, cancellationToken) is { } w
        && time.GetUtcNow().ToUnixTimeMilliseconds() - w.LastInboundAt < (long)Length.TotalMilliseconds;

    public async Task<SendResult> HoldAsync(OutboundMessage message, string reason, string from, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var first = await store.TryHoldAsync(message, reason, now, cancellationToken);
        if (reason == Error63016)
            await store.CloseWindowAsync(message.Address, now - (long)Length.TotalMilliseconds - 1, cancellationToken);
        await store.MarkHeldAsync(message.MessageId, cancellationToken);

        var window = await store.WindowAsync(message.Address, cancellationToken);
        if (window is not { TemplateSentAt: { } sentAt } || sentAt < window.Value.LastInboundAt)
        {
            var template = options.Value.WhatsAppTemplate;
            await pacer.WaitTurnAsync(from, cancellationToken);
            var result = await api.SendAsync(
            [
                new("To", message.Address),
                new("From", from),
                new("ContentSid", template.ContentSid ?? ""),
                new("ContentVariables", JsonSerializer.Serialize(template.Variables)),
                new("StatusCallback", api.StatusCallbackUrl),
            ], cancellationToken);
            if (!result.Accepted)
            {
                // The reply stays held either way; a transient failure brings this row back to try the template again.
                return result.IsTransient
                    ? SendResult.Transient($"template: {result.Describe()}", result.RetryAfter)
                    : SendResult.Permanent($"Outside the WhatsApp 24-hour window, and the re-opening template was refused: {result.Describe()}");
            }
            await store.MarkTemplateSentAsync(message.Address, now, cancellationToken);
            logger.LogInformation("WhatsApp window of {Address} closed: sent template {Sid}, holding message {MessageId}", message.Address, result.Sid, message.MessageId);
        }
        if (first)
            await TellAgentAsync(message, reason, cancellationToken);

        // The shopper may have written while this was being held: then nothing would release it.
        if (await IsOpenAsync(message.Address, cancellationToken))
            await store.ReleaseAsync(message.Address, time.GetUtcNow(), cancellationToken);
        return SendResult.Sent();
    }

    /// <summary>The shopper wrote: queue what was held for them, in order.</summary>
    public Task<int> ReleaseAsync(string address, CancellationToken cancellationToken) =>
        store.ReleaseAsync(address, time.GetUtcNow(), cancellationToken);

    private async Task TellAgentAsync(OutboundMessage message, string reason, CancellationToken cancellationToken)
    {
        var agentId = message.AgentId;
        if (agentId is null)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            agentId = (await conversations.GetAsync(connection, message.ConversationId))?.State.AgentId;
        }
        if (agentId is null || await agents.GetAsync(agentId, cancellationToken) is not { } agent)
            return;
        var quoted = message.Text.Length > 80 ? message.Text[..80] + "…" : message.Text;
        var why = reason == Error63016 ? "WhatsApp refused it (error 63016, outside the 24-hour window)" : "the shopper's 24-hour WhatsApp window is closed";
        var note = $"Held: \"{quoted}\" was not sent because {why}. The approved template was sent to re-open the conversation; held replies go out when the shopper answers.";
        var result = await commands.PostAsync(message.ConversationId, agent, note, isInternal: true, cancellationToken);
        if (result is not CommandResult.Done)
            logger.LogWarning("Could not note the held reply on conversation {Conversation}: {Result}", message.ConversationId, result);
    }
}

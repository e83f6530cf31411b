using Handover.Messages;
using Handover.Outbox;
using Microsoft.Extensions.Options;

namespace Channels.Twilio;

/// <summary>
/// Delivers the core's outbound messages over Twilio: to shoppers on "sms" and "whatsapp", and to agents' own phones
/// ("sms-agent", "whatsapp-agent" mirrors). Texts over 1,600 characters go as ordered parts, each paced per sender and
/// recorded with its Message SID, so a retry of the same outbox row resumes after the parts Twilio already has.
/// WhatsApp replies outside the shopper's 24-hour window are held by <see cref="WhatsAppWindow"/>. The outbox hands it
/// the first message of many destinations at once; they go side by side (<see cref="TwilioOptions.MaxConcurrentSends"/>),
/// since each call mostly waits on the network.
/// </summary>
internal sealed class TwilioSender(
    string channel, TwilioApi api, Pacer pacer, DeliveryStore store, WhatsAppWindow window, ShortCodes codes,
    IOptions<TwilioOptions> options, TimeProvider time) : IBatchChannelSender
{
    public string Channel => channel;

    public async Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var results = new SendResult[messages.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, messages.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentSends, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                // One message's failure is its own: the others' results stand.
                try
                {
                    results[i] = await SendAsync(messages[i], ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    results[i] = SendResult.Transient($"{e.GetType().Name}: {e.Message}");
                }
            });
        return results;
    }

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.ToShopper && (message.Role == MessageRole.Shopper || message.Internal))
            return SendResult.Permanent("A shopper's own message or an internal note is never sent to the shopper.");
        var kind = TwilioChannels.KindOfChannel(channel);
        if (options.Value.FromFor(kind) is not { } from)
            return SendResult.Permanent($"{TwilioOptions.Section}:{(kind == TwilioChannels.WhatsApp ? "WhatsAppFrom" : "SmsFrom or MessagingServiceSid")} is not set; nothing can be sent on {channel}.");

        var toShopperOnWhatsApp = message.ToShopper && kind == TwilioChannels.WhatsApp;
        if (toShopperOnWhatsApp && await window.MustHoldAsync(message.Address, cancellationToken))
            return await window.HoldAsync(message, WhatsAppWindow.OutsideWindow, from.Value, cancellationToken);

        var text = message.ToShopper ? ForShopper(message) : await ForAgentAsync(message, cancellationToken);
        var parts = MessageSplitter.Split(text);
        // On a retry, parts an earlier try got to Twilio are not sent again; a first try has none to look up.
        var firstPart = message.Attempt > 1 ? await store.CountPartsAsync(message.OutboxId, cancellationToken) : 0;
        string? firstSid = null;
        for (var part = firstPart; part < parts.Count; part++)
        {
            if (from.Paced)
                await pacer.WaitTurnAsync(from.Value, cancellationToken);
            var result = await api.SendAsync(
            [
                new("To", message.Address),
                from.AsParameter(),
                new("Body", parts[part]),
                new("StatusCallback", api.StatusCallbackUrl),
            ], cancellationToken);
            if (result.Accepted)
            {
                var status = DeliveryStore.ToDeliveryStatus(result.Status ?? "") ?? DeliveryStatus.Queued;
                var last = part == parts.Count - 1;
                await store.RecordPartAsync(message, part, result.Sid!, status, time.GetUtcNow().ToUnixTimeMilliseconds(), markSent: last && message.ToShopper, cancellationToken);
                if (part == 0)
                    firstSid = result.Sid;
                continue;
            }
            if (result.Code == TwilioApiResult.OutsideWindow && toShopperOnWhatsApp)
                return await window.HoldAsync(message, WhatsAppWindow.Error63016, from.Value, cancellationToken);
            return result.IsTransient ? SendResult.Transient(result.Describe(), result.RetryAfter) : SendResult.Permanent(result.Describe());
        }
        if (firstPart >= parts.Count && message.ToShopper)
            await store.MarkSentAsync(message.MessageId, cancellationToken); // every part went out on an earlier try
        return SendResult.Sent(firstSid ?? await store.FirstSidAsync(message.OutboxId, cancellationToken));
    }

    // L5: a person's message says who wrote it; the assistant's and the notices are the bot's own voice.
    private static string ForShopper(OutboundMessage m) =>
        m.Role == MessageRole.Human ? $"{m.AgentName ?? "Agent"}: {m.Text}" : m.Text;

    private async Task<string> ForAgentAsync(OutboundMessage m, CancellationToken cancellationToken)
    {
        var code = await codes.GetOrCreateAsync(m.ConversationId, cancellationToken);
        var who = m.Role switch
        {
            MessageRole.Shopper => "Shopper",
            MessageRole.Ai => "AI",
            MessageRole.Human when m.Internal => $"Note from {m.AgentName ?? m.AgentId}",
            MessageRole.Human => m.AgentName ?? m.AgentId ?? "Agent",
            _ => "Notice",
        };
        return $"#{code} {who}: {m.Text}";
    }
}

using System.Text;
using Handover.Agents;
using Handover.Conversations;
using Handover.Events;
using Handover.Messages;
using Handover.Mirrors;
using Handover.Persistence;
using Microsoft.Extensions.Options;

namespace Channels.Twilio;

/// <summary>
/// Agents' phones and conversation transitions (P1, S3): a conversation handed over to the queue is announced to every
/// online agent with a configured number (shopper, channel, reason, last messages, short code); a conversation given
/// back, resolved or transferred stops being mirrored to the phones of agents no longer in charge, whichever surface
/// did it (B5). At least once per event: texts are keyed by event and phone.
/// </summary>
internal sealed class AgentNotifier(
    Database database, ConversationStore conversations, MessageStore messages, MirrorStore mirrors, AgentStore agents,
    ShortCodes codes, AgentTexts texts, IOptions<TwilioOptions> options) : IConversationEventHandler
{
    private const int LastMessages = 4;

    public string Name => "twilio-agent-phones";

    public async Task HandleAsync(ConversationEvent e, CancellationToken cancellationToken)
    {
        if (e.Verb == ConversationVerb.HandedOver && e.To == new ConversationState(ConversationStatus.Open, Controller.Waiting, null).ToString())
            await NotifyAsync(e, cancellationToken);
        else if (e.Verb is ConversationVerb.GivenBack or ConversationVerb.Resolved or ConversationVerb.Transferred)
            await StopMirroringAsync(e.ConversationId, cancellationToken);
    }

    private async Task NotifyAsync(ConversationEvent e, CancellationToken cancellationToken)
    {
        if (options.Value.Agents.Count == 0)
            return;
        await using var connection = await database.OpenAsync(cancellationToken);
        var c = await conversations.GetAsync(connection, e.ConversationId);
        if (c is null)
            return;
        var code = await codes.GetOrCreateAsync(c.Id, cancellationToken);
        var text = new StringBuilder($"Needs you: #{code} {c.ShopperName ?? TwilioChannels.PhoneOf(c.Address)} on {c.Channel}.");
        if (e.Reason is { } r)
            text.Append($"\nReason: {r.Trigger}{(r.Evidence is { Length: > 0 } evidence ? $" (\"{evidence}\")" : "")}");
        foreach (var m in (await messages.ListAsync(connection, c.Id, LastMessages * 2)).Where(m => !m.Internal).TakeLast(LastMessages))
            text.Append('\n').Append(AgentDesk.Who(m)).Append(": ").Append(m.Text.Length > 200 ? m.Text[..200] + "…" : m.Text);
        text.Append($"\nReply 'claim {code}' to take it.");

        foreach (var (phone, agentId) in options.Value.Agents)
        {
            if (await agents.GetAsync(agentId, cancellationToken) is not { Online: true })
                continue;
            var address = TwilioChannels.AddressOf(options.Value.AgentChannel, phone);
            await texts.EnqueueAsync($"notify:{e.Id}:{address}", address, text.ToString(), cancellationToken);
        }
    }

    private async Task StopMirroringAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var c = await conversations.GetAsync(connection, conversationId);
        // Decided on the current state, not the event's: a later claim from the same phone keeps its mirror.
        var inCharge = c?.State is { Status: ConversationStatus.Open, Controller: Controller.Human } state ? state.AgentId : null;
        foreach (var mirror in await mirrors.ListAsync(connection, conversationId))
        {
            if (mirror.Channel is not (TwilioChannels.SmsAgent or TwilioChannels.WhatsAppAgent))
                continue;
            if (!options.Value.Agents.TryGetValue(TwilioChannels.PhoneOf(mirror.Address), out var agentId) || agentId != inCharge)
                await mirrors.RemoveAsync(conversationId, mirror, cancellationToken);
        }
    }
}

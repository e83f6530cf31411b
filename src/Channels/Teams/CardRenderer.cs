using Handover.Agents;
using Handover.Conversations;
using Handover.Messages;
using Handover.Persistence;
using Microsoft.Extensions.Options;

namespace Channels.Teams;

/// <summary>Renders a conversation's handover card as it stands now, for posting, updating, and answering a Claim click.</summary>
internal sealed class CardRenderer(Database database, ConversationStore conversations, MessageStore messages, AgentStore agents, IOptions<TeamsOptions> options)
{
    public async Task<Dictionary<string, object?>?> RenderAsync(string conversationId, CardStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var conversation = await conversations.GetAsync(connection, conversationId);
        if (conversation is null)
            return null;
        var last = options.Value.CardMessages == 0 ? [] : await messages.ListAsync(connection, conversationId, options.Value.CardMessages);
        return HandoverCard.Build(conversation, last, status);
    }

    /// <summary>The status line after a transition.</summary>
    public async Task<CardStatus> StatusAfterAsync(ConversationEvent e, (ConversationStatus Status, Controller Controller, string? AgentId) to, CancellationToken cancellationToken)
    {
        if (to.Status == ConversationStatus.Resolved)
            return new CardStatus($"✔️ Resolved by {await NameOfAsync(e.Actor, cancellationToken)}", false);
        return to.Controller switch
        {
            Controller.Waiting => CardStatus.Waiting,
            Controller.Ai => new CardStatus(e.Verb == ConversationVerb.GivenBack
                ? $"🤖 Given back to the AI by {await NameOfAsync(e.Actor, cancellationToken)}"
                : "🤖 Back with the AI", false),
            _ => new CardStatus(e.Verb switch
            {
                ConversationVerb.Transferred => $"➡️ Transferred to {await NameOfAsync(to.AgentId!, cancellationToken)} by {await NameOfAsync(e.Actor, cancellationToken)}",
                ConversationVerb.Claimed => $"✅ Claimed by {await NameOfAsync(to.AgentId!, cancellationToken)}",
                _ => $"✅ Handled by {await NameOfAsync(to.AgentId!, cancellationToken)}",
            }, false),
        };
    }

    /// <summary>The status line for a state read now (answering a refused claim).</summary>
    public async Task<CardStatus> StatusOfAsync(ConversationState state, CancellationToken cancellationToken) =>
        state.Status == ConversationStatus.Resolved ? new CardStatus("✔️ Resolved", false)
        : state.Controller switch
        {
            Controller.Waiting => CardStatus.Waiting,
            Controller.Ai => new CardStatus("🤖 Back with the AI", false),
            _ => new CardStatus($"✅ Claimed by {await NameOfAsync(state.AgentId!, cancellationToken)}", false),
        };

    public async Task<string> NameOfAsync(string agentId, CancellationToken cancellationToken) =>
        (await agents.GetAsync(agentId, cancellationToken))?.DisplayName ?? agentId;
}

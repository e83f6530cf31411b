using Channels.BotFramework;
using Handover.Conversations;
using Handover.Events;
using Handover.Mirrors;
using Handover.Persistence;
using Microsoft.Extensions.Options;

namespace Channels.Teams;

/// <summary>
/// The Teams side of each transition (S2, P1): a handover to the queue opens a thread in the agents' channel with a
/// card and mirrors the conversation there; every later transition updates that card in place for everyone, and an
/// agent who gets a conversation hears of it in their personal chat with the bot. Idempotent per event: a redelivered
/// handover finds its card already posted; updates and notices just say the same again.
/// </summary>
internal sealed class TeamsEventHandler(
    TeamsStore store,
    TeamsPoster poster,
    MirrorStore mirrors,
    Database database,
    ConversationStore conversations,
    CardRenderer renderer,
    IOptions<TeamsOptions> teamsOptions,
    IOptions<BotFrameworkOptions> botOptions) : IConversationEventHandler
{
    public string Name => "teams";

    public async Task HandleAsync(ConversationEvent e, CancellationToken cancellationToken)
    {
        var to = StateText.Parse(e.To);
        if (e.Verb == ConversationVerb.HandedOver && to.Controller == Controller.Waiting)
        {
            await PostCardAsync(e, cancellationToken);
            return;
        }
        if (e.Verb == ConversationVerb.Started)
            return;
        await UpdateCardAsync(e, to, cancellationToken);
        if (to.Controller == Controller.Human && to.AgentId is { } agentId && e.Verb is not ConversationVerb.Resolved)
            await NotifyAgentAsync(e, agentId, cancellationToken);
    }

    private async Task PostCardAsync(ConversationEvent e, CancellationToken cancellationToken)
    {
        var settings = teamsOptions.Value;
        if (!settings.CardsEnabled)
            return;
        var serviceUrl = settings.ServiceUrl!.ToString();
        var existing = await store.FindCardAsync(e.Id, cancellationToken);
        if (existing?.ThreadId is not null)
        {
            await mirrors.AddAsync(e.ConversationId, MirrorOf(existing), cancellationToken);
            return;
        }
        var previous = await store.LatestCardAsync(e.ConversationId, cancellationToken);
        var card = await renderer.RenderAsync(e.ConversationId, CardStatus.Waiting, cancellationToken);
        if (card is null)
            return;

        var tenant = settings.TenantId ?? botOptions.Value.TenantId;
        var parameters = new Dictionary<string, object?>
        {
            ["isGroup"] = true,
            ["channelData"] = new Dictionary<string, object?>
            {
                ["channel"] = new Dictionary<string, string> { ["id"] = settings.AgentsChannelId! },
                ["tenant"] = tenant is null ? null : new Dictionary<string, string> { ["id"] = tenant },
            },
            ["tenantId"] = tenant,
            ["activity"] = CardActivity(card),
        };
        var response = await poster.CreateConversationAsync(serviceUrl, settings.AgentsChannelId!, parameters, cancellationToken);
        if (!response.Ok)
            throw new InvalidOperationException($"Teams did not open the handover thread: {response.Error}");

        var threadId = response.Id ?? $"{settings.AgentsChannelId};messageid={response.ActivityId}";
        var posted = new TeamsCard(e.Id, e.ConversationId, serviceUrl, threadId, response.ActivityId);
        await store.SaveCardAsync(posted, cancellationToken);
        // Only the newest thread follows the conversation; an earlier handover's thread stays as history.
        if (previous is not null)
            await mirrors.RemoveAsync(e.ConversationId, MirrorOf(previous), cancellationToken);
        await mirrors.AddAsync(e.ConversationId, MirrorOf(posted), cancellationToken);
    }

    private async Task UpdateCardAsync(ConversationEvent e, (ConversationStatus Status, Controller Controller, string? AgentId) to, CancellationToken cancellationToken)
    {
        var card = await store.LatestCardAsync(e.ConversationId, cancellationToken);
        if (card?.CardActivityId is null)
            return;
        var status = await renderer.StatusAfterAsync(e, to, cancellationToken);
        var content = await renderer.RenderAsync(e.ConversationId, status, cancellationToken);
        if (content is null)
            return;
        var response = await poster.UpdateAsync(new TeamsAddress(card.ServiceUrl, card.ThreadId!), card.CardActivityId, CardActivity(content), cancellationToken);
        if (!response.Ok && response.Transient)
            throw new InvalidOperationException($"Teams did not update the handover card: {response.Error}");
    }

    private async Task NotifyAgentAsync(ConversationEvent e, string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var conversation = await conversations.GetAsync(connection, e.ConversationId);
        if (conversation is null)
            return;
        var what = e.Verb == ConversationVerb.Transferred ? $"{await renderer.NameOfAsync(e.Actor, cancellationToken)} transferred to you" : "You now handle";
        var text = $"{what} the conversation with {conversation.ShopperName ?? "a shopper"} on {conversation.Channel} (code {HandoverCard.ShortCode(conversation.Id)})."
            + (e.Note is { Length: > 0 } note ? $" Note: {note}" : "")
            + " Reply in its thread in the agents' channel.";
        foreach (var aad in teamsOptions.Value.AadObjectIdsOf(agentId))
        {
            if (await store.PersonalChatAsync(aad, cancellationToken) is { } chat)
                await poster.SendAsync(chat, new Activity { Type = ActivityTypes.Message, Text = text, TextFormat = "plain" }, cancellationToken);
        }
    }

    internal static Activity CardActivity(object card) => new()
    {
        Type = ActivityTypes.Message,
        Attachments = [new Attachment(HandoverCard.ContentType, card)],
    };

    private static Mirror MirrorOf(TeamsCard card) => new(TeamsAddress.Channel, new TeamsAddress(card.ServiceUrl, card.ThreadId!).ToString());
}

/// <summary>Reads the state text the event log records ("Open/Waiting", "Open/Human(alice)", "Resolved/Ai").</summary>
internal static class StateText
{
    public static (ConversationStatus Status, Controller Controller, string? AgentId) Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var status = Enum.Parse<ConversationStatus>(text[..slash]);
        var controller = text[(slash + 1)..];
        if (controller.StartsWith("Human(", StringComparison.Ordinal) && controller.EndsWith(')'))
            return (status, Controller.Human, controller["Human(".Length..^1]);
        return (status, Enum.Parse<Controller>(controller), null);
    }
}

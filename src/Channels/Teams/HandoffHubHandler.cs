using Channels.BotFramework;
using Handover.Conversations;
using Handover.Events;
using Handover.Messages;
using Handover.Persistence;
using Microsoft.Extensions.Options;

namespace Channels.Teams;

/// <summary>
/// Announces every handover to a Bot Framework human-agent hub (<c>BotFramework:HandoffHubUrl</c>) as the protocol's
/// <c>handoff.initiate</c> event with the transcript attached, so an external hub can follow along. Registered only when
/// configured; the hub is trusted because an admin configured it, not because an activity named it.
/// </summary>
internal sealed class HandoffHubHandler(
    ConnectorClient connector,
    Database database,
    ConversationStore conversations,
    MessageStore messages,
    IOptions<BotFrameworkOptions> options) : IConversationEventHandler
{
    public const string TranscriptContentType = "application/vnd.microsoft.activity.transcript";

    public string Name => "botframework-handoff";

    public async Task HandleAsync(ConversationEvent e, CancellationToken cancellationToken)
    {
        if (e.Verb != ConversationVerb.HandedOver || options.Value.HandoffHubUrl is not { } hub)
            return;
        await using var connection = await database.OpenAsync(cancellationToken);
        var conversation = await conversations.GetAsync(connection, e.ConversationId);
        if (conversation is null)
            return;
        var transcript = (await messages.ListAsync(connection, conversation.Id))
            .Where(m => !m.Internal)
            .Select(m => new Activity
            {
                Type = ActivityTypes.Message,
                Id = m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Timestamp = m.At.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                From = m.Role == MessageRole.Shopper
                    ? new ChannelAccount(conversation.ShopperId, conversation.ShopperName) { Role = "user" }
                    : new ChannelAccount(m.AgentId ?? conversation.BotId, m.AgentId ?? "bot") { Role = "bot" },
                Text = m.Text,
            })
            .ToList();
        var reason = e.Reason ?? conversation.HandoverReason;
        var handoff = new Activity
        {
            Type = ActivityTypes.Event,
            Name = "handoff.initiate",
            Id = $"handoff-{e.Id}",
            Timestamp = e.At.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ChannelId = conversation.Channel,
            From = new ChannelAccount(options.Value.AppId ?? conversation.BotId, conversation.BotId) { Role = "bot" },
            Conversation = new ConversationAccount(conversation.Id),
            Value = System.Text.Json.JsonSerializer.SerializeToElement(new
            {
                skill = "human",
                reason = reason?.Trigger,
                rule = reason?.Rule,
                evidence = reason?.Evidence,
                confidence = reason?.Confidence,
                shopper = new { id = conversation.ShopperId, name = conversation.ShopperName },
            }, BotJson.Options),
            Attachments = [new Attachment(TranscriptContentType, new { activities = transcript })],
        };
        var response = await connector.SendAsync(hub.ToString(), conversation.Id, handoff, cancellationToken);
        if (!response.Ok)
            throw new InvalidOperationException($"The handoff hub did not take handoff.initiate: {response.Error}");
    }
}

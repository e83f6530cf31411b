using Channels.BotFramework;
using Handover.Conversations;
using Handover.Messages;
using Handover.Outbox;
using Handover.Persistence;

namespace Channels.Teams;

/// <summary>
/// Delivers the core's messages to Teams conversations (the mirrors of handed-over conversations: their threads in the
/// agents' channel), rendered by who wrote them. Paced per thread; throttling and gateway errors go back to the outbox
/// as transient with the wait the Connector asked for.
/// </summary>
internal sealed class TeamsSender(ConnectorClient connector, ThreadPacer pacer, Database database, ConversationStore conversations) : IChannelSender
{
    private static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(2);

    public string Channel => TeamsAddress.Channel;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (TeamsAddress.Parse(message.Address) is not { } to)
            return SendResult.Permanent($"'{message.Address}' is not a Teams address (serviceUrl|conversationId).");

        var (reserved, wait) = await pacer.ReserveAsync(to.PacingKey, MaxInlineWait, cancellationToken);
        if (!reserved)
            return SendResult.Transient("Paced to Teams' per-thread limits.", wait);

        string? shopperName = null;
        if (message.Role == MessageRole.Shopper)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            shopperName = (await conversations.GetAsync(connection, message.ConversationId))?.ShopperName;
        }
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = ThreadText.Render(message, shopperName),
            TextFormat = "plain",
        };
        var response = await connector.SendAsync(to.ServiceUrl, to.ConversationId, activity, cancellationToken);
        if (response.Ok)
            return SendResult.Sent(response.Id);
        if (response.Transient)
            return SendResult.Transient(response.Error ?? $"{(int)response.Status} from Teams", response.RetryAfter);
        return SendResult.Permanent(response.Error ?? $"{(int)response.Status} from Teams");
    }
}

/// <summary>How a conversation's messages read in its Teams thread.</summary>
internal static class ThreadText
{
    public static string Render(OutboundMessage m, string? shopperName) => m.Role switch
    {
        MessageRole.Shopper => $"🛍 {shopperName ?? "Shopper"}: {m.Text}",
        MessageRole.Ai => $"🤖 {m.Text}",
        MessageRole.Human when m.Internal => $"📝 (note) {m.AgentName ?? m.AgentId}: {m.Text}",
        MessageRole.Human => $"👤 {m.AgentName ?? m.AgentId}: {m.Text}",
        _ when m.Internal => $"📝 (note) {m.Text}",
        _ => $"ℹ️ {m.Text}",
    };
}

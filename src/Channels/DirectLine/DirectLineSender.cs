using System.Data.Common;
using Handover.Messages;
using Handover.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Channels.DirectLine;

/// <summary>
/// Delivers the core's outbound messages to web chat: appends them to the conversation's activity log and wakes the
/// conversation's stream. The activity id comes from the message id, so the outbox's at-least-once calls append once.
/// </summary>
internal sealed class DirectLineSender(
    DirectLineStore store,
    ConversationHub hub,
    IOptions<DirectLineOptions> options,
    ILogger<DirectLineSender> logger) : IBatchChannelSender
{
    public string Channel => DirectLineIds.Channel;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        (await SendBatchAsync([message], cancellationToken))[0];

    /// <summary>The outbox's first due message of many conversations: appended to their logs together (one statement on PostgreSQL).</summary>
    public async Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var results = new SendResult?[messages.Count];
        var appends = new List<(int Index, string ConversationId, NewActivity Activity)>();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role == MessageRole.Shopper)
            {
                results[i] = SendResult.Permanent("A shopper's own message is not sent back to web chat.");
                continue;
            }
            var activityId = DirectLineIds.ForBotMessage(message.Address, message.MessageId);
            appends.Add((i, message.Address, new NewActivity(InboundActivity.Message, activityId, null, ForwardToCore: false,
                slot => BotActivity.Render(message, slot, options.Value.BotName))));
        }

        IReadOnlyList<AppendResult> appended;
        try
        {
            appended = await store.AppendManyAsync(appends.Select(a => (a.ConversationId, a.Activity)).ToList(), cancellationToken);
        }
        catch (DbException e)
        {
            logger.LogWarning(e, "Could not append {Count} messages to Direct Line conversations", appends.Count);
            foreach (var a in appends)
                results[a.Index] = SendResult.Transient(e.Message);
            return results!;
        }

        for (var k = 0; k < appends.Count; k++)
        {
            var (index, conversationId, activity) = appends[k];
            var result = appended[k];
            if (result.Outcome == AppendOutcome.ConversationNotFound)
            {
                results[index] = SendResult.Permanent($"Direct Line conversation '{conversationId}' does not exist.");
                continue;
            }
            // An append made before (a retry after a lost acknowledgement) still wakes the stream: cheap, and never doubles.
            if (result.Outcome == AppendOutcome.Appended)
                hub.Deliver(result.Activity!);
            else
                hub.Signal(conversationId);
            results[index] = SendResult.Sent(activity.ActivityId);
        }
        return results!;
    }
}

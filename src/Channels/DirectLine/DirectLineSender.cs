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
    ILogger<DirectLineSender> logger) : IChannelSender
{
    public string Channel => DirectLineIds.Channel;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Role == MessageRole.Shopper)
            return SendResult.Permanent("A shopper's own message is not sent back to web chat.");

        var activityId = DirectLineIds.ForBotMessage(message.Address, message.MessageId);
        AppendResult result;
        try
        {
            result = await store.AppendAsync(
                message.Address,
                new NewActivity(InboundActivity.Message, activityId, null, ForwardToCore: false,
                    slot => BotActivity.Render(message, slot, options.Value.BotName)),
                cancellationToken);
        }
        catch (DbException e)
        {
            logger.LogWarning(e, "Could not append message {MessageId} to Direct Line conversation {Conversation}", message.MessageId, message.Address);
            return SendResult.Transient(e.Message);
        }

        if (result.Outcome == AppendOutcome.ConversationNotFound)
            return SendResult.Permanent($"Direct Line conversation '{message.Address}' does not exist.");

        // An append made before (a retry after a lost acknowledgement) still wakes the stream: cheap, and never doubles.
        if (result.Outcome == AppendOutcome.Appended)
            hub.Deliver(result.Activity!);
        else
            hub.Signal(message.Address);
        return SendResult.Sent(activityId);
    }
}

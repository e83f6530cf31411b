using System.Text.Json;
using System.Text.Json.Nodes;
using Handover.Messages;
using Handover.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Channels.DirectLine;

/// <summary>
/// Hands a stored user message to the core as an <see cref="InboundMessage"/> whose provider id is the activity id,
/// and records that the core has it. Messages the core has not confirmed are retried by <see cref="InboundRedelivery"/>.
/// </summary>
internal sealed class InboundForwarder(
    DirectLineStore store,
    ForwardedMarks marks,
    IInboundPipeline pipeline,
    IHostApplicationLifetime lifetime,
    ILogger<InboundForwarder> logger)
{
    public const int MaxAttempts = 10;

    /// <summary>True when the core accepted the message (or had it already).</summary>
    public async Task<bool> ForwardAsync(DirectLineConversation conversation, StoredActivity activity)
    {
        // Not the request's token: the shopper closing the tab must not abort the core half-way through a turn.
        var cancellationToken = lifetime.ApplicationStopping;
        try
        {
            await pipeline.AcceptAsync(ToInboundMessage(conversation, activity), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the message stays pending and is redelivered after the restart.
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message is safe in the activity log and its echo is on the shopper's screen; whatever the core's
            // failure, it is retried later rather than turned into an error the widget cannot act on.
            var gaveUp = await store.RecordForwardFailureAsync(activity, MaxAttempts, CancellationToken.None);
            logger.LogError(e, "The core did not accept Direct Line activity {ActivityId}{GaveUp}", activity.ActivityId,
                gaveUp ? $"; giving up after {MaxAttempts} attempts" : "; it will be retried");
            return false;
        }
        marks.Add(activity);
        return true;
    }

    internal static InboundMessage ToInboundMessage(DirectLineConversation conversation, StoredActivity activity)
    {
        var echo = JsonNode.Parse(activity.Json)!.AsObject();
        var text = echo["text"] is { } textNode && textNode.GetValueKind() == JsonValueKind.String ? textNode.GetValue<string>() : "";
        var name = echo["from"]?["name"] is { } nameNode && nameNode.GetValueKind() == JsonValueKind.String ? nameNode.GetValue<string>() : null;
        var value = echo["value"] is { } valueNode && valueNode.GetValueKind() != JsonValueKind.Null ? valueNode.ToJsonString() : null;

        return new InboundMessage(conversation.BotId, DirectLineIds.Channel, conversation.Id, activity.ActivityId, conversation.UserId, name, text)
        {
            StartedOnPage = conversation.Page,
            ValueJson = value,
        };
    }
}

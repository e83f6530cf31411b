using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Channels.DirectLine;

/// <summary>
/// <c>POST /conversations/{id}/activities</c>: the user's activity is validated, stored as its echo (idempotently by
/// <c>channelData.clientActivityID</c>), and messages are handed to the core. <c>GET</c> is the polling read after a
/// watermark. <c>POST .../upload</c> is refused: attachments are not supported.
/// </summary>
internal static class ActivityEndpoints
{
    private const int PageSize = 500;

    public static void MapActivityEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/conversations/{conversationId}/activities", PostAsync);
        api.MapGet("/conversations/{conversationId}/activities", GetAsync);
        api.MapPost("/conversations/{conversationId}/upload", UploadAsync);
    }

    private static async Task<IResult> PostAsync(
        string conversationId, HttpContext http, DirectLineStore store, ConversationHub hub, InboundForwarder forwarder, CancellationToken cancellationToken)
    {
        var conversation = await store.FindConversationAsync(conversationId, cancellationToken);
        if (conversation is null)
            return DirectLineProblems.ConversationNotFound(conversationId);

        var (body, problem) = await RequestBody.ReadObjectAsync(http.Request, RequestBody.MaxActivityBytes, required: true, cancellationToken);
        if (problem is not null)
            return problem;
        var (activity, invalid) = InboundActivity.Parse(body);
        if (invalid is not null)
            return invalid;

        // Typing is a transient signal for the bot, which has no use for it here; nothing to store or echo.
        if (activity!.Type == InboundActivity.Typing)
            return TypedResults.Ok(new ResourceResponse(DirectLineIds.ForTyping(conversation.Id)));

        var result = await store.AppendAsync(
            conversation.Id,
            new NewActivity(activity.Type, null, activity.ClientActivityId, activity.IsMessage, slot => activity.RenderEcho(slot, conversation)),
            cancellationToken);
        if (result.Outcome == AppendOutcome.ConversationNotFound)
            return DirectLineProblems.ConversationNotFound(conversationId);

        var stored = result.Activity!;
        if (result.Outcome == AppendOutcome.Appended)
            hub.Deliver(stored);

        // A retry (same clientActivityID) is handed over again with the same provider id: the core dedupes it, and a
        // crash between storing and handing over converges. A failed hand-over is retried in the background.
        if (stored.Type == InboundActivity.Message)
            await forwarder.ForwardAsync(conversation, stored);

        return TypedResults.Ok(new ResourceResponse(stored.ActivityId));
    }

    private static async Task<IResult> GetAsync(string conversationId, HttpContext http, DirectLineStore store, CancellationToken cancellationToken)
    {
        if (!RequestBody.TryGetQuery(http.Request, "watermark", out var rawWatermark) || !DirectLineJson.TryParseWatermark(rawWatermark, out var watermark))
            return DirectLineProblems.BadArgument("'watermark' must be a single non-negative integer.");

        if (await store.FindConversationAsync(conversationId, cancellationToken) is null)
            return DirectLineProblems.ConversationNotFound(conversationId);

        var activities = await store.ReadAfterAsync(conversationId, watermark, PageSize, cancellationToken);
        var last = activities.Count > 0 ? activities[^1].Seq : watermark;
        return TypedResults.Bytes(DirectLineJson.ActivitySet(activities, last), "application/json");
    }

    private static async Task<IResult> UploadAsync(string conversationId, DirectLineStore store, CancellationToken cancellationToken) =>
        await store.FindConversationAsync(conversationId, cancellationToken) is null
            ? DirectLineProblems.ConversationNotFound(conversationId)
            : DirectLineProblems.AttachmentsNotSupported();
}

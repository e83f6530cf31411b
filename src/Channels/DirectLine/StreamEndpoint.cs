using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Channels.DirectLine;

/// <summary>
/// <c>GET /conversations/{id}/stream?t=&lt;token&gt;&amp;watermark=N</c>: the WebSocket a conversation's
/// <c>streamUrl</c> points at. Browsers cannot set headers on a WebSocket, hence the token in the query.
/// </summary>
internal static class StreamEndpoint
{
    public static void MapStreamEndpoint(this RouteGroupBuilder api) =>
        api.MapGet("/conversations/{conversationId}/stream", ConnectAsync).WithMetadata(new TokenInQueryAllowed());

    private static async Task<IResult> ConnectAsync(
        string conversationId,
        HttpContext http,
        DirectLineStore store,
        ConversationHub hub,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<StreamSession> logger,
        CancellationToken cancellationToken)
    {
        if (!http.WebSockets.IsWebSocketRequest)
            return DirectLineProblems.WebSocketRequired();
        if (!RequestBody.TryGetQuery(http.Request, "watermark", out var rawWatermark) || !DirectLineJson.TryParseWatermark(rawWatermark, out var watermark))
            return DirectLineProblems.BadArgument("'watermark' must be a single non-negative integer.");
        if (await store.FindConversationAsync(conversationId, cancellationToken) is null)
            return DirectLineProblems.ConversationNotFound(conversationId);

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var session = new StreamSession(socket, conversationId, store, hub, time, logger);
        await session.RunAsync(watermark, http.RequestAborted, lifetime.ApplicationStopping);
        return Results.Empty;
    }
}

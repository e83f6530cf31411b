using System.Data.Common;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace Channels.DirectLine;

/// <summary>
/// One open stream: on connect, everything after the client's watermark as one ActivitySet; then, each time the
/// conversation is signalled, every newer activity as its own <c>{activities:[a], watermark}</c> frame. Frames the
/// client sends (DirectLineJS's empty keep-alives) are read and ignored; activities are posted over HTTP.
/// </summary>
internal sealed class StreamSession(
    WebSocket socket,
    string conversationId,
    DirectLineStore store,
    ConversationHub hub,
    TimeProvider time,
    ILogger<StreamSession> logger)
{
    private const int PageSize = 500;
    internal const string CollisionDescription = "collision: a newer connection to this conversation replaced this one";
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    public async Task RunAsync(long watermark, CancellationToken aborted, CancellationToken stopping)
    {
        // Subscribe before the first read, so nothing appended in between can be missed.
        using var subscription = hub.Subscribe(conversationId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping, subscription.Evicted);
        var receiving = ReceiveUntilClosedAsync(stop, aborted);

        var closeStatus = WebSocketCloseStatus.NormalClosure;
        var closeDescription = "";
        try
        {
            watermark = await SendBacklogAsync(watermark, stop.Token, aborted);
            while (!stop.IsCancellationRequested)
            {
                await subscription.WaitAsync(stop.Token);
                watermark = await SendNewAsync(subscription, watermark, stop.Token, aborted);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (WebSocketException e)
        {
            logger.LogDebug(e, "Direct Line stream of {Conversation} broke", conversationId);
        }
        catch (DbException e)
        {
            logger.LogWarning(e, "Direct Line stream of {Conversation} cannot read the activity log", conversationId);
            (closeStatus, closeDescription) = (WebSocketCloseStatus.InternalServerError, "temporarily unavailable; reconnect");
        }

        if (subscription.Evicted.IsCancellationRequested)
            (closeStatus, closeDescription) = (WebSocketCloseStatus.PolicyViolation, CollisionDescription);
        else if (stopping.IsCancellationRequested)
            (closeStatus, closeDescription) = (WebSocketCloseStatus.EndpointUnavailable, "server shutting down; reconnect");

        await CloseAsync(closeStatus, closeDescription, aborted);
        try
        {
            await receiving.WaitAsync(CloseHandshakeTimeout, time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            socket.Abort();
            await receiving;
        }
    }

    private async Task<long> SendBacklogAsync(long watermark, CancellationToken stop, CancellationToken aborted)
    {
        while (true)
        {
            var page = await store.ReadAfterAsync(conversationId, watermark, PageSize, stop);
            if (page.Count == 0)
                return watermark;
            watermark = page[^1].Seq;
            await SendAsync(DirectLineJson.ActivitySet(page, watermark), aborted);
            if (page.Count < PageSize)
                return watermark;
        }
    }

    private async Task<long> SendNewAsync(StreamSubscription subscription, long watermark, CancellationToken stop, CancellationToken aborted)
    {
        // What this node appended goes out as it was handed over, as long as it continues the watermark. An activity
        // after a gap (appends that committed in one order and signalled in the other) is left to the read below.
        var gap = false;
        foreach (var activity in subscription.TakeDelivered())
        {
            if (activity.Seq <= watermark)
                continue;
            if (activity.Seq != watermark + 1)
            {
                gap = true;
                break;
            }
            await SendAsync(DirectLineJson.ActivitySet([activity], activity.Seq), aborted);
            watermark = activity.Seq;
        }
        if (!subscription.MustRead(watermark) && !gap)
            return watermark;
        while (true)
        {
            var page = await store.ReadAfterAsync(conversationId, watermark, PageSize, stop);
            foreach (var activity in page)
            {
                await SendAsync(DirectLineJson.ActivitySet([activity], activity.Seq), aborted);
                watermark = activity.Seq;
            }
            if (page.Count < PageSize)
                return watermark;
        }
    }

    // Sends are cancelled only when the client is gone: cancelling a WebSocket send aborts the socket, and an evicted
    // or stopping session still has to say why it closes.
    private Task SendAsync(byte[] frame, CancellationToken aborted) =>
        socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, aborted);

    private async Task ReceiveUntilClosedAsync(CancellationTokenSource stop, CancellationToken aborted)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var frame = await socket.ReceiveAsync(buffer.AsMemory(), aborted);
                if (frame.MessageType == WebSocketMessageType.Close)
                    break;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug(e, "Direct Line stream of {Conversation} stopped receiving", conversationId);
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string description, CancellationToken aborted)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            return;
        try
        {
            await socket.CloseOutputAsync(status, description, aborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug(e, "Direct Line stream of {Conversation} could not close cleanly", conversationId);
        }
    }
}

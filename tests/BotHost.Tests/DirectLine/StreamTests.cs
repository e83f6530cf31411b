using System.Net.WebSockets;
using System.Text.Json;

namespace BotHost.Tests.DirectLine;

public sealed class StreamTests
{
    [Fact]
    public async Task Stream_AfterPost_PushesEchoThenReplyOneFrameEach()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        await host.PostMessageAsync(conversation, "first");
        using var socket = await DirectLineHost.ConnectAsync(conversation.StreamUrl);
        // The backlog arriving proves the server is past its first read: what follows is pushed live.
        Assert.Equal(2, (await DirectLineHost.ReceiveAsync(socket))!.Value.GetProperty("activities").GetArrayLength());

        var id = await host.PostMessageAsync(conversation, "hi there", "c-1");

        var echo = Single(await DirectLineHost.ReceiveAsync(socket), expectedWatermark: "3");
        var reply = Single(await DirectLineHost.ReceiveAsync(socket), expectedWatermark: "4");
        Assert.Equal(id, echo.GetProperty("id").GetString());
        Assert.Equal("c-1", echo.GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.Equal("You said: hi there", reply.GetProperty("text").GetString());
        Assert.Equal("bot", reply.GetProperty("from").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Stream_OnConnect_SendsBacklogAfterWatermarkAsOneSet()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        await host.PostMessageAsync(conversation, "one");
        await host.PostMessageAsync(conversation, "two");

        using var socket = await DirectLineHost.ConnectAsync(conversation.StreamUrl + "&watermark=1");

        var set = (await DirectLineHost.ReceiveAsync(socket))!.Value;
        Assert.Equal(["You said: one", "two", "You said: two"], set.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()));
        Assert.Equal("4", set.GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task Reconnect_WithWatermark_GetsOnlyNewActivitiesNoDuplicates()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        using (var first = await DirectLineHost.ConnectAsync(conversation.StreamUrl))
        {
            await host.PostMessageAsync(conversation, "before");
            Assert.Equal("2", (await ReceiveActivitiesAsync(first, count: 2)).Watermark);
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        using var reconnect = await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}?watermark=2", conversation.Token);
        var streamUrl = (await DirectLineHost.ReadJsonAsync(reconnect)).GetProperty("streamUrl").GetString()!;
        using var second = await DirectLineHost.ConnectAsync(streamUrl);
        await host.PostMessageAsync(conversation, "after");

        var (activities, watermark) = await ReceiveActivitiesAsync(second, count: 2);
        Assert.Equal(["after", "You said: after"], activities.Select(a => a.GetProperty("text").GetString()));
        Assert.Equal("4", watermark);
    }

    [Fact]
    public async Task SecondSocket_ReplacesTheFirst_WhichIsClosedAsCollision()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        using var older = await DirectLineHost.ConnectAsync(conversation.StreamUrl);
        using var newer = await DirectLineHost.ConnectAsync(conversation.StreamUrl);

        Assert.Null(await DirectLineHost.ReceiveAsync(older));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, older.CloseStatus);
        Assert.StartsWith("collision", older.CloseStatusDescription, StringComparison.Ordinal);

        await host.PostMessageAsync(conversation, "still here?");
        var (activities, _) = await ReceiveActivitiesAsync(newer, count: 2);
        Assert.Equal("still here?", activities[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Stream_IgnoresKeepAliveFrames()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        using var socket = await DirectLineHost.ConnectAsync(conversation.StreamUrl);

        await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        await socket.SendAsync("null"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        await host.PostMessageAsync(conversation, "ping?");

        var (activities, _) = await ReceiveActivitiesAsync(socket, count: 2);
        Assert.Equal(["ping?", "You said: ping?"], activities.Select(a => a.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Stream_WithoutValidTokenOrForAnotherConversation_IsRefusedBeforeUpgrade()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var other = await host.StartConversationAsync();
        var baseUrl = $"ws://{host.BaseAddress.Authority}/v3/directline/conversations/{conversation.Id}/stream";

        Assert.Equal(401, await RefusedStatusAsync(baseUrl));
        Assert.Equal(403, await RefusedStatusAsync($"{baseUrl}?t=garbage"));
        Assert.Equal(403, await RefusedStatusAsync($"{baseUrl}?t={other.Token}"));
        Assert.Equal(403, await RefusedStatusAsync($"{baseUrl}?t={Uri.EscapeDataString(DirectLineHost.Secret)}"));
        using var plainGet = await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}/stream?t={conversation.Token}");
        await Problems.AssertAsync(plainGet, 400, "WebSocketRequired");
    }

    private static async Task<int> RefusedStatusAsync(string url)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(url), CancellationToken.None));
        return (int)socket.HttpStatusCode;
    }

    /// <summary>Activities across frames, however the server grouped them, until <paramref name="count"/> arrived.</summary>
    private static async Task<(List<JsonElement> Activities, string Watermark)> ReceiveActivitiesAsync(WebSocket socket, int count)
    {
        var activities = new List<JsonElement>();
        var watermark = "";
        while (activities.Count < count)
        {
            var frame = await DirectLineHost.ReceiveAsync(socket);
            Assert.NotNull(frame);
            activities.AddRange(frame.Value.GetProperty("activities").EnumerateArray());
            watermark = frame.Value.GetProperty("watermark").GetString()!;
        }
        Assert.Equal(count, activities.Count);
        return (activities, watermark);
    }

    private static JsonElement Single(JsonElement? frame, string expectedWatermark)
    {
        Assert.NotNull(frame);
        Assert.Equal(expectedWatermark, frame.Value.GetProperty("watermark").GetString());
        return Assert.Single(frame.Value.GetProperty("activities").EnumerateArray().ToList());
    }
}

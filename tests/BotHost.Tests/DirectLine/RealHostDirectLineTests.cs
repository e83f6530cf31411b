using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.DirectLine;

/// <summary>Direct Line against the real host and the real core: the AI's answer arrives after the echo, on both stores.</summary>
public class RealHostDirectLineTests
{
    private static async Task<(HttpClient Client, string ConversationId, string StreamUrl)> StartConversationAsync(TestApp app)
    {
        var http = app.Client();
        var token = await (await http.PostAsJsonAsync("/api/webchat/token", new { page = "https://shop.example/boots" })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        var started = await (await http.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started.GetProperty("token").GetString());
        return (http, started.GetProperty("conversationId").GetString()!, started.GetProperty("streamUrl").GetString()!);
    }

    private static object Message(string text, string clientActivityId) =>
        new { type = "message", from = new { id = "ignored", name = "Sam" }, text, channelData = new { clientActivityID = clientActivityId } };

    private static async Task<JsonElement> WaitForActivitiesAsync(HttpClient http, string conversationId, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            var set = await http.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities");
            if (set.GetProperty("activities").GetArrayLength() >= count)
                return set;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Fewer than {count} activities arrived.");
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Post_ShopQuestion_EchoThenAiAnswerWithWatermark(Store store)
    {
        await using var app = await TestApp.StartAsync(store);
        var (http, conversationId, _) = await StartConversationAsync(app);

        var posted = await (await http.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", Message("How long does standard shipping take?", "c-1")))
            .Content.ReadFromJsonAsync<JsonElement>();
        var set = await WaitForActivitiesAsync(http, conversationId, 2);

        var activities = set.GetProperty("activities").EnumerateArray().ToList();
        Assert.Equal(posted.GetProperty("id").GetString(), activities[0].GetProperty("id").GetString());
        Assert.Equal("c-1", activities[0].GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.Equal("bot", activities[1].GetProperty("from").GetProperty("role").GetString());
        Assert.Contains("business days", activities[1].GetProperty("text").GetString(), StringComparison.Ordinal);

        var after = await http.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities?watermark={set.GetProperty("watermark").GetString()}");
        Assert.Equal(0, after.GetProperty("activities").GetArrayLength());

        // The core saw it once, on the web chat channel, with the page the chat started on.
        var conversation = await app.Client("alice").GetFromJsonAsync<JsonElement>($"/api/conversations?channel=webchat&address={conversationId}");
        var id = Assert.Single(conversation.EnumerateArray()).GetProperty("id").GetString();
        var detail = await app.Client("alice").GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        Assert.Equal("https://shop.example/boots", detail.GetProperty("startedOnPage").GetString());
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Post_SameClientActivityIdConcurrently_OneMessageOneAnswer(Store store)
    {
        await using var app = await TestApp.StartAsync(store);
        var (http, conversationId, _) = await StartConversationAsync(app);

        var ids = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            (await (await http.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", Message("what payment methods do you accept?", "same")))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()));
        await WaitForActivitiesAsync(http, conversationId, 2);
        await Task.Delay(300); // a doubled answer would be appended by now

        Assert.Single(ids.Distinct());
        var set = await http.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities");
        Assert.Equal(2, set.GetProperty("activities").GetArrayLength());
    }

    [Fact]
    public async Task Stream_AgentReplyArrivesAsAFrameWithTheAgentsName()
    {
        await using var app = await TestApp.StartAsync();
        var (http, conversationId, streamUrl) = await StartConversationAsync(app);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), CancellationToken.None);

        await http.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", Message("human please", "c-1"));
        var alice = app.Client("alice");
        var list = await alice.GetFromJsonAsync<JsonElement>($"/api/conversations?view=waiting&address={conversationId}");
        var id = Assert.Single(list.EnumerateArray()).GetProperty("id").GetString();
        (await alice.PostAsync($"/api/conversations/{id}/claim", null)).EnsureSuccessStatusCode();
        (await alice.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = "Hello from a human." })).EnsureSuccessStatusCode();

        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.Count == 0)
                continue;
            var frame = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count)).RootElement;
            var human = frame.GetProperty("activities").EnumerateArray()
                .FirstOrDefault(a => a.TryGetProperty("text", out var t) && t.GetString()!.Contains("Hello from a human.", StringComparison.Ordinal));
            if (human.ValueKind == JsonValueKind.Undefined)
                continue;
            Assert.Equal("Alice", human.GetProperty("from").GetProperty("name").GetString());
            Assert.Equal("human", human.GetProperty("channelData").GetProperty("handover").GetProperty("role").GetString());
            break;
        }
    }

    [Fact]
    public async Task Stream_OnOneNode_GetsWhatAnotherNodeAppends_OnceEach()
    {
        // Two hosts on one PostgreSQL: the shopper's socket is on A, their posts and the AI's answers go through B.
        // Only B's NOTIFY can wake A's socket; A must send each activity once, in order.
        var keys = new Dictionary<string, string?> { ["DirectLine:Secret"] = "two-node-secret-0123456789abcdef-0123", ["DirectLine:TokenSigningKey"] = "two-node-signing-key-0123456789abcdef" };
        await using var a = await TestApp.StartAsync(Store.Postgres, keys);
        await using var b = await TestApp.StartSecondNodeAsync(a, keys);
        var (onA, conversationId, streamUrl) = await StartConversationAsync(a);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), CancellationToken.None);

        using var onB = b.Client();
        onB.DefaultRequestHeaders.Authorization = onA.DefaultRequestHeaders.Authorization;
        (await onB.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", Message("How long does standard shipping take?", "c-1"))).EnsureSuccessStatusCode();
        (await onB.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", Message("Do you ship to Canada?", "c-2"))).EnsureSuccessStatusCode();

        var watermarks = new List<long>();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (watermarks.Count < 4)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.Count == 0)
                continue;
            var frame = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count)).RootElement;
            if (frame.GetProperty("activities").GetArrayLength() > 0)
                watermarks.Add(long.Parse(frame.GetProperty("watermark").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal([1L, 2L, 3L, 4L], watermarks);
    }
}

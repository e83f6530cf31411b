namespace BotHost.Tests.DirectLine;

public sealed class WebChatTokenTests
{
    [Fact]
    public async Task WebChatToken_CreatesConversationWhosePageAndNameReachTheCore()
    {
        await using var host = await DirectLineHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, "/api/webchat/token", json: """{"name":"Ann","page":"https://shop.example/p/42"}""");

        Assert.Equal(200, (int)response.StatusCode);
        var body = await DirectLineHost.ReadJsonAsync(response);
        var token = body.GetProperty("token").GetString()!;
        var conversationId = body.GetProperty("conversationId").GetString()!;
        var userId = body.GetProperty("userId").GetString()!;
        Assert.Equal(1800, body.GetProperty("expires_in").GetInt32());
        Assert.Equal($"http://{host.BaseAddress.Authority}/v3/directline", body.GetProperty("domain").GetString());
        Assert.StartsWith("dl_", userId, StringComparison.Ordinal);
        Assert.Equal(userId, TokenTests.DecodePayload(token).GetProperty("user").GetString());

        // What Web Chat does next: start (the conversation exists already) and talk.
        using var started = await host.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token, "{}");
        Assert.Equal(200, (int)started.StatusCode);
        var conversation = new DirectLineHost.Started(conversationId, token, "");
        await host.PostMessageAsync(conversation, "hello");

        var received = Assert.Single(host.Pipeline.Received);
        Assert.Equal("https://shop.example/p/42", received.StartedOnPage);
        Assert.Equal("Ann", received.ShopperName);
        Assert.Equal(userId, received.ShopperId);
    }

    [Fact]
    public async Task WebChatToken_WithoutPage_FallsBackToReferer()
    {
        await using var host = await DirectLineHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webchat/token");
        request.Headers.Referrer = new Uri("https://shop.example/cart");

        using var response = await host.Http.SendAsync(request);
        var body = await DirectLineHost.ReadJsonAsync(response);
        var conversation = new DirectLineHost.Started(body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!, "");
        await host.PostMessageAsync(conversation, "hi");

        Assert.Equal("https://shop.example/cart", Assert.Single(host.Pipeline.Received).StartedOnPage);
    }

    [Fact]
    public async Task WebChatToken_WithBadPage_Is400()
    {
        await using var host = await DirectLineHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, "/api/webchat/token", json: """{"page":"javascript:alert(1)"}""");

        await Problems.AssertAsync(response, 400, "BadArgument");
    }

    [Fact]
    public async Task WebChatToken_OverThePerIpLimit_Is429Problem()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = DirectLineHost.Secret,
            ["DirectLine:WebChatTokenRequestsPerMinute"] = "3",
        });

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await host.SendAsync(HttpMethod.Post, "/api/webchat/token");
            Assert.Equal(200, (int)allowed.StatusCode);
        }
        using var refused = await host.SendAsync(HttpMethod.Post, "/api/webchat/token");

        await Problems.AssertAsync(refused, 429, "TooManyRequests");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}

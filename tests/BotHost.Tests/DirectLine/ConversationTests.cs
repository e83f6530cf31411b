namespace BotHost.Tests.DirectLine;

public sealed class ConversationTests
{
    [Fact]
    public async Task Start_WithGeneratedToken_Is201ThenIs200()
    {
        await using var host = await DirectLineHost.StartAsync();
        using var generated = await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", DirectLineHost.Secret);
        var token = (await DirectLineHost.ReadJsonAsync(generated)).GetProperty("token").GetString()!;

        using var first = await host.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token, """{"user":{"id":"ignored"}}""");
        using var second = await host.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token);

        Assert.Equal(201, (int)first.StatusCode);
        Assert.Equal(200, (int)second.StatusCode);
        var created = await DirectLineHost.ReadJsonAsync(first);
        var again = await DirectLineHost.ReadJsonAsync(second);
        Assert.Equal(created.GetProperty("conversationId").GetString(), again.GetProperty("conversationId").GetString());
        Assert.Equal(1800, created.GetProperty("expires_in").GetInt32());
        var streamUrl = created.GetProperty("streamUrl").GetString()!;
        Assert.StartsWith($"ws://{host.BaseAddress.Authority}/v3/directline/conversations/", streamUrl, StringComparison.Ordinal);
        Assert.Contains("/stream?t=", streamUrl, StringComparison.Ordinal);
        // The token pins the user: the body's user id is not taken.
        Assert.NotEqual("ignored", TokenTests.DecodePayload(created.GetProperty("token").GetString()!).GetProperty("user").GetString());
    }

    [Fact]
    public async Task Start_WithSecret_StartsANewConversationEachTime()
    {
        await using var host = await DirectLineHost.StartAsync();

        using var first = await host.SendAsync(HttpMethod.Post, "/v3/directline/conversations", DirectLineHost.Secret, """{"user":{"id":"crm-7"}}""");
        using var second = await host.SendAsync(HttpMethod.Post, "/v3/directline/conversations", DirectLineHost.Secret);

        Assert.Equal(201, (int)first.StatusCode);
        Assert.Equal(201, (int)second.StatusCode);
        var a = await DirectLineHost.ReadJsonAsync(first);
        var b = await DirectLineHost.ReadJsonAsync(second);
        Assert.NotEqual(a.GetProperty("conversationId").GetString(), b.GetProperty("conversationId").GetString());
        Assert.Equal("crm-7", TokenTests.DecodePayload(a.GetProperty("token").GetString()!).GetProperty("user").GetString());
        // The stream URL carries a token, never the secret.
        Assert.DoesNotContain(DirectLineHost.Secret, a.GetProperty("streamUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconnect_ReturnsFreshTokenAndStreamUrlWithWatermark()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();

        using var response = await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}?watermark=7", conversation.Token);

        Assert.Equal(200, (int)response.StatusCode);
        var body = await DirectLineHost.ReadJsonAsync(response);
        Assert.Equal(conversation.Id, body.GetProperty("conversationId").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));
        Assert.EndsWith("&watermark=7", body.GetProperty("streamUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownConversation_Is404()
    {
        await using var host = await DirectLineHost.StartAsync();
        using var generated = await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", DirectLineHost.Secret);
        var notStarted = await DirectLineHost.ReadJsonAsync(generated);
        var token = notStarted.GetProperty("token").GetString()!;
        var id = notStarted.GetProperty("conversationId").GetString()!;

        using var withSecret = await host.SendAsync(HttpMethod.Get, "/v3/directline/conversations/nope/activities", DirectLineHost.Secret);
        using var reconnect = await host.SendAsync(HttpMethod.Get, "/v3/directline/conversations/nope", DirectLineHost.Secret);
        using var beforeStart = await host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{id}/activities", token, """{"type":"message","text":"hi"}""");

        await Problems.AssertAsync(withSecret, 404, "ConversationNotFound");
        await Problems.AssertAsync(reconnect, 404, "ConversationNotFound");
        await Problems.AssertAsync(beforeStart, 404, "ConversationNotFound");
    }

    [Fact]
    public async Task Upload_IsRefusedClearly()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        using var content = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "a.png" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversation.Id}/upload?userId=x") { Content = content };
        request.Headers.Authorization = new("Bearer", conversation.Token);

        using var response = await host.Http.SendAsync(request);

        await Problems.AssertAsync(response, 400, "AttachmentsNotSupported");
    }

    [Fact]
    public async Task Preflight_FromAnotherOrigin_IsAllowed()
    {
        await using var host = await DirectLineHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        request.Headers.Add("Origin", "https://shop.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}

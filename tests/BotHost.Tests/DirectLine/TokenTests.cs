using System.Buffers.Text;
using System.Text.Json;

namespace BotHost.Tests.DirectLine;

public sealed class TokenTests
{
    [Fact]
    public async Task Generate_WithSecret_ReturnsTokenWhoseUserClaimWebChatReads()
    {
        await using var host = await DirectLineHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", DirectLineHost.Secret,
            """{"user":{"id":"shopper-42","name":"Ann"},"trustedOrigins":["https://shop.example"]}""");

        Assert.Equal(200, (int)response.StatusCode);
        var body = await DirectLineHost.ReadJsonAsync(response);
        Assert.Equal(1800, body.GetProperty("expires_in").GetInt32());
        var claims = DecodePayload(body.GetProperty("token").GetString()!);
        // Web Chat and DirectLineJS decode the token and send as its "user" claim.
        Assert.Equal("shopper-42", claims.GetProperty("user").GetString());
        Assert.Equal(body.GetProperty("conversationId").GetString(), claims.GetProperty("conv").GetString());
        Assert.Equal("demo", claims.GetProperty("bot").GetString());
        Assert.Equal("handover-directline", claims.GetProperty("iss").GetString());
    }

    [Fact]
    public async Task Generate_WithoutUser_AssignsReservedDlUserId()
    {
        await using var host = await DirectLineHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", DirectLineHost.Secret);

        var token = (await DirectLineHost.ReadJsonAsync(response)).GetProperty("token").GetString()!;
        Assert.StartsWith("dl_", DecodePayload(token).GetProperty("user").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_WithTokenOrNothing_IsRefused()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();

        using var withToken = await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", conversation.Token);
        using var anonymous = await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate");

        await Problems.AssertAsync(withToken, 403, "SecretRequired");
        await Problems.AssertAsync(anonymous, 401, "MissingAuthorization");
    }

    [Fact]
    public async Task Token_AfterItsLifetime_IsForbiddenAsExpired()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();

        host.Clock.Advance(TimeSpan.FromMinutes(30));
        using var response = await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}/activities", conversation.Token);

        await Problems.AssertAsync(response, 403, "TokenExpired");
    }

    [Fact]
    public async Task Refresh_BeforeExpiry_GivesTokenForSameConversationThatOutlivesTheOld()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(15));

        using var refreshed = await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", conversation.Token);
        Assert.Equal(200, (int)refreshed.StatusCode);
        var body = await DirectLineHost.ReadJsonAsync(refreshed);
        var newToken = body.GetProperty("token").GetString()!;
        Assert.Equal(conversation.Id, body.GetProperty("conversationId").GetString());
        Assert.Equal(DecodePayload(conversation.Token).GetProperty("user").GetString(), DecodePayload(newToken).GetProperty("user").GetString());

        host.Clock.Advance(TimeSpan.FromMinutes(20));
        using var withOld = await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}/activities", conversation.Token);
        using var withNew = await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}/activities", newToken);
        await Problems.AssertAsync(withOld, 403, "TokenExpired");
        Assert.Equal(200, (int)withNew.StatusCode);
    }

    [Fact]
    public async Task Refresh_WithSecretOrExpiredToken_IsForbidden()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();

        using var withSecret = await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", DirectLineHost.Secret);
        host.Clock.Advance(TimeSpan.FromHours(1));
        using var expired = await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", conversation.Token);

        await Problems.AssertAsync(withSecret, 403, "TokenRequired");
        await Problems.AssertAsync(expired, 403, "TokenExpired");
    }

    [Fact]
    public async Task Token_OnAnotherConversation_IsForbiddenEverywhere()
    {
        await using var host = await DirectLineHost.StartAsync();
        var mine = await host.StartConversationAsync();
        var theirs = await host.StartConversationAsync();
        await host.PostMessageAsync(theirs, "private");

        using var read = await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{theirs.Id}/activities", mine.Token);
        using var post = await host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{theirs.Id}/activities", mine.Token, """{"type":"message","text":"hi"}""");
        using var reconnect = await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{theirs.Id}", mine.Token);

        await Problems.AssertAsync(read, 403, "WrongConversation");
        await Problems.AssertAsync(post, 403, "WrongConversation");
        await Problems.AssertAsync(reconnect, 403, "WrongConversation");
        Assert.Single(host.Pipeline.Received);
    }

    internal static JsonElement DecodePayload(string jwt) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1])).RootElement.Clone();
}

using System.Text.Json;

namespace BotHost.Tests.DirectLine;

public sealed class ActivityTests
{
    [Fact]
    public async Task Post_Message_EchoCarriesServerIdAndClientActivityIdAndPinnedUser()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var userId = TokenTests.DecodePayload(conversation.Token).GetProperty("user").GetString();

        var id = await host.PostMessageAsync(conversation, "Where is my order?", "client-1");

        var set = await host.GetActivitiesAsync(conversation);
        var activities = set.GetProperty("activities").EnumerateArray().ToList();
        Assert.Equal(2, activities.Count);
        var echo = activities[0];
        Assert.Equal(id, echo.GetProperty("id").GetString());
        Assert.Equal("client-1", echo.GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.Equal(userId, echo.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("user", echo.GetProperty("from").GetProperty("role").GetString());
        Assert.Equal("directline", echo.GetProperty("channelId").GetString());
        Assert.Equal(conversation.Id, echo.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal(DirectLineHost.Start, echo.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("Where is my order?", echo.GetProperty("text").GetString());

        var reply = activities[1];
        Assert.Equal("bot", reply.GetProperty("from").GetProperty("role").GetString());
        Assert.Equal("You said: Where is my order?", reply.GetProperty("text").GetString());
        Assert.True(reply.GetProperty("timestamp").GetDateTimeOffset() > echo.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("2", set.GetProperty("watermark").GetString());

        var received = Assert.Single(host.Pipeline.Received);
        Assert.Equal(id, received.ProviderMessageId);
        Assert.Equal(("demo", "webchat", conversation.Id, userId, "Where is my order?"),
            (received.BotId, received.Channel, received.Address, received.ShopperId, received.Text));
        Assert.Equal("Shopper", received.ShopperName);
    }

    [Fact]
    public async Task Post_SameClientActivityIdTwice_SameIdOneEchoPipelineCalledAgain()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();

        var first = await host.PostMessageAsync(conversation, "hello", "retry-me");
        var second = await host.PostMessageAsync(conversation, "hello", "retry-me");

        Assert.Equal(first, second);
        var activities = (await host.GetActivitiesAsync(conversation)).GetProperty("activities").EnumerateArray().ToList();
        Assert.Single(activities, a => a.GetProperty("from").GetProperty("role").GetString() == "user");
        Assert.Single(activities, a => a.GetProperty("from").GetProperty("role").GetString() == "bot");
        Assert.Equal([first, first], host.Pipeline.Received.Select(m => m.ProviderMessageId));
    }

    [Fact]
    public async Task Get_WithWatermark_ReturnsOnlyNewerActivitiesAndTheLastWatermark()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        await host.PostMessageAsync(conversation, "one");
        await host.PostMessageAsync(conversation, "two");

        var all = await host.GetActivitiesAsync(conversation);
        var newer = await host.GetActivitiesAsync(conversation, "2");
        var none = await host.GetActivitiesAsync(conversation, "4");

        Assert.Equal(4, all.GetProperty("activities").GetArrayLength());
        Assert.Equal("4", all.GetProperty("watermark").GetString());
        Assert.Equal(["two", "You said: two"], newer.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()));
        Assert.Equal("4", newer.GetProperty("watermark").GetString());
        Assert.Equal(0, none.GetProperty("activities").GetArrayLength());
        Assert.Equal("4", none.GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task Post_TypingEventAndCardSubmit_OnlyMessagesReachTheCoreAndTypingIsNotStored()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var path = $"/v3/directline/conversations/{conversation.Id}/activities";

        using var typing = await host.SendAsync(HttpMethod.Post, path, conversation.Token, """{"type":"typing","from":{"id":"x"}}""");
        using var evt = await host.SendAsync(HttpMethod.Post, path, conversation.Token, """{"type":"event","name":"webchat/join","value":{"language":"en"}}""");
        using var submit = await host.SendAsync(HttpMethod.Post, path, conversation.Token, """{"type":"message","value":{"phone":"+4412345","email":"a@b.example"}}""");

        Assert.Equal(200, (int)typing.StatusCode);
        Assert.Equal(200, (int)evt.StatusCode);
        Assert.Equal(200, (int)submit.StatusCode);
        Assert.False(string.IsNullOrEmpty((await DirectLineHost.ReadJsonAsync(typing)).GetProperty("id").GetString()));
        var types = (await host.GetActivitiesAsync(conversation)).GetProperty("activities").EnumerateArray()
            .Select(a => a.GetProperty("type").GetString());
        Assert.Equal(["event", "message", "message"], types);
        var received = Assert.Single(host.Pipeline.Received);
        Assert.Equal("", received.Text);
        Assert.Equal("+4412345", JsonDocument.Parse(received.ValueJson!).RootElement.GetProperty("phone").GetString());
    }
}

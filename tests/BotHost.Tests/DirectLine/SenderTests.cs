using Channels.DirectLine;
using Handover.Messages;
using Handover.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.DirectLine;

public sealed class SenderTests
{
    [Fact]
    public async Task Send_SameMessageTwice_AppendsOnce()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var sender = host.Services.GetRequiredService<DirectLineSender>();
        var message = Outbound(conversation.Id, MessageRole.Ai, "Hello!");

        var first = await sender.SendAsync(message, CancellationToken.None);
        var again = await sender.SendAsync(message with { OutboxId = 99 }, CancellationToken.None);

        Assert.Equal(SendOutcome.Sent, first.Outcome);
        Assert.Equal(SendOutcome.Sent, again.Outcome);
        Assert.Equal(first.ProviderMessageId, again.ProviderMessageId);
        Assert.Equal(1, (await host.GetActivitiesAsync(conversation)).GetProperty("activities").GetArrayLength());
    }

    [Fact]
    public async Task Send_HumanMessage_ShowsTheAgentsNameInBoldAndMarksTheRole()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var sender = host.Services.GetRequiredService<DirectLineSender>();

        await sender.SendAsync(Outbound(conversation.Id, MessageRole.Human, "I can help with that.", "agent-7", "Alice"), CancellationToken.None);
        await sender.SendAsync(Outbound(conversation.Id, MessageRole.Ai, "Anything else?", messageId: 2), CancellationToken.None);

        var activities = (await host.GetActivitiesAsync(conversation)).GetProperty("activities").EnumerateArray().ToList();
        var human = activities[0];
        Assert.Equal("**Alice:** I can help with that.", human.GetProperty("text").GetString());
        Assert.Equal("markdown", human.GetProperty("textFormat").GetString());
        Assert.Equal("Alice", human.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("demo", human.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("human", human.GetProperty("channelData").GetProperty("handover").GetProperty("role").GetString());
        Assert.Equal("agent-7", human.GetProperty("channelData").GetProperty("handover").GetProperty("agentId").GetString());
        var ai = activities[1];
        Assert.Equal("Anything else?", ai.GetProperty("text").GetString());
        Assert.Equal("Shop assistant", ai.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("ai", ai.GetProperty("channelData").GetProperty("handover").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Send_ToUnknownConversation_IsPermanent()
    {
        await using var host = await DirectLineHost.StartAsync();
        var sender = host.Services.GetRequiredService<DirectLineSender>();

        var result = await sender.SendAsync(Outbound("no-such-conversation", MessageRole.Ai, "Hello?"), CancellationToken.None);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Equal("webchat", sender.Channel);
    }

    private static OutboundMessage Outbound(string address, MessageRole role, string text, string? agentId = null, string? agentName = null, long messageId = 1) =>
        new(OutboxId: messageId, MessageId: messageId, ConversationId: "core-1", Channel: "webchat", Address: address, Role: role, Text: text,
            AgentId: agentId, AgentName: agentName, CreatedAt: DirectLineHost.Start);
}

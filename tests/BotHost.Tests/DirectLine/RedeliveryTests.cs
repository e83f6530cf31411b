using Channels.DirectLine;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.DirectLine;

public sealed class RedeliveryTests
{
    [Fact]
    public async Task Post_WhenTheCoreFails_IsAcceptedAndRedeliveredLater()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var redelivery = host.Services.GetRequiredService<InboundRedelivery>();
        host.Pipeline.FailNext = 1;

        var id = await host.PostMessageAsync(conversation, "are you there?", "c-1");

        Assert.Equal(0, await redelivery.RedeliverAsync(CancellationToken.None));
        host.Clock.Advance(InboundRedelivery.Grace + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await redelivery.RedeliverAsync(CancellationToken.None));
        Assert.Equal(0, await redelivery.RedeliverAsync(CancellationToken.None));

        Assert.Equal([id, id], host.Pipeline.Received.Select(m => m.ProviderMessageId));
        var texts = (await host.GetActivitiesAsync(conversation)).GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString());
        Assert.Equal(["are you there?", "You said: are you there?"], texts);
    }

    [Fact]
    public async Task Redelivery_GivesUpAfterMaxAttempts()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var redelivery = host.Services.GetRequiredService<InboundRedelivery>();
        host.Pipeline.FailNext = int.MaxValue;

        await host.PostMessageAsync(conversation, "poison");
        for (var attempt = 1; attempt < InboundForwarder.MaxAttempts; attempt++)
        {
            host.Clock.Advance(InboundRedelivery.Grace + TimeSpan.FromSeconds(1));
            await redelivery.RedeliverAsync(CancellationToken.None);
        }
        host.Clock.Advance(InboundRedelivery.Grace + TimeSpan.FromSeconds(1));
        await redelivery.RedeliverAsync(CancellationToken.None);

        Assert.Equal(InboundForwarder.MaxAttempts, host.Pipeline.Received.Count);
    }
}

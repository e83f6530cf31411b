using System.Collections.Concurrent;
using Handover.Conversations;
using Handover.Events;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Handover.Tests.Events;

public class EventRelayTests
{
    private sealed class RecordingHandler(string name) : IConversationEventHandler
    {
        public string Name => name;

        public ConcurrentQueue<ConversationEvent> Seen { get; } = new();

        public int FailuresLeft;

        public Task HandleAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref FailuresLeft) >= 0)
                throw new InvalidOperationException("handler down");
            Seen.Enqueue(conversationEvent);
            return Task.CompletedTask;
        }
    }

    private static EventRelay Relay(CoreHarness h) => h.Services.GetServices<IHostedService>().OfType<EventRelay>().Single();

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Relay_DeliversEveryEventOnceInOrderWithBotAndId(Store store)
    {
        var handler = new RecordingHandler("notify");
        await using var h = await CoreHarness.StartAsync(store, configure: (s, _) => s.AddSingleton<IConversationEventHandler>(handler));
        var id = (await h.ShopperSaysAsync("dl-1", "agent please")).ConversationId;
        await h.Commands.ClaimAsync(id, await h.AgentAsync("bob"), CancellationToken.None);

        while (await Relay(h).RelayOnceAsync(handler, CancellationToken.None) > 0)
        {
        }
        Assert.Equal(0, await Relay(h).RelayOnceAsync(handler, CancellationToken.None));

        Assert.Equal([ConversationVerb.Started, ConversationVerb.HandedOver, ConversationVerb.Claimed], handler.Seen.Select(e => e.Verb));
        Assert.All(handler.Seen, e => Assert.Equal(("demo", id), (e.BotId, e.ConversationId)));
        Assert.Equal(handler.Seen.Select(e => e.Id).Order(), handler.Seen.Select(e => e.Id));
        Assert.Equal(HandoverTriggers.ContactRequest, handler.Seen.ElementAt(1).Reason!.Trigger);
    }

    [Fact]
    public async Task Relay_FailingHandler_RetriedThenRecordedAndSkipped()
    {
        var handler = new RecordingHandler("flaky") { FailuresLeft = EventRelay.MaxAttempts };
        await using var h = await CoreHarness.StartAsync(Store.Sqlite, configure: (s, _) => s.AddSingleton<IConversationEventHandler>(handler));
        await h.ShopperSaysAsync("dl-1", "agent please");

        for (var i = 0; i < EventRelay.MaxAttempts + 2; i++)
            await Relay(h).RelayOnceAsync(handler, CancellationToken.None);

        // The first event failed every attempt and was recorded; the next one went through.
        Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM event_failures WHERE subscriber = 'flaky'"));
        Assert.Equal([ConversationVerb.HandedOver], handler.Seen.Select(e => e.Verb));
    }

    [Fact]
    public async Task Relay_NewHandlerInstance_ResumesFromTheStoredCursor()
    {
        var first = new RecordingHandler("cursor");
        await using var h = await CoreHarness.StartAsync(Store.Sqlite, configure: (s, _) => s.AddSingleton<IConversationEventHandler>(first));
        var id = (await h.ShopperSaysAsync("dl-1", "agent please")).ConversationId;
        await Relay(h).RelayOnceAsync(first, CancellationToken.None);

        await h.Commands.ClaimAsync(id, await h.AgentAsync("bob"), CancellationToken.None);
        var afterRestart = new RecordingHandler("cursor");
        await Relay(h).RelayOnceAsync(afterRestart, CancellationToken.None);

        Assert.Equal([ConversationVerb.Claimed], afterRestart.Seen.Select(e => e.Verb));
    }
}

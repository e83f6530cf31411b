using Handover.Messages;
using Handover.Outbox;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Handover.Tests.Outbox;

/// <summary>
/// A shopper's turn claims its outbox rows as it writes them and sends them right after the commit, without the worker;
/// the worker remains the fallback for what cannot go at once (an older message of the destination still pending) and
/// for what was claimed but never sent (the node stopped): nothing is lost, nothing is sent twice, order is kept.
/// </summary>
public class AfterCommitDeliveryTests
{
    private static readonly Dictionary<string, string?> On = new() { ["Outbox:SendAfterCommit"] = "true" };

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Turns_SendTheirRepliesAfterCommit_WithoutTheWorker(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store, On);
        await using var running = await StartAsync(h);

        // The first message starts the conversation; the second is the common turn (one statement on PostgreSQL).
        var id = (await h.ShopperSaysAsync("dl-1", "How long does shipping take?")).ConversationId;
        await WaitForAsync(() => h.Sender.Sent.Count == 1);
        // Until the first reply is marked sent it is pending, and the next reply waits for the worker (order is kept).
        await WaitForAsync(async () => await h.Outbox.CountPendingAsync() == 0);
        await h.ShopperSaysAsync("dl-1", "What payment methods do you accept?");
        await WaitForAsync(() => h.Sender.Sent.Count == 2);
        await WaitForAsync(async () => await h.Outbox.CountPendingAsync() == 0); // marked sent after the send
        await h.DrainAsync(); // the worker finds nothing: they were claimed at birth and marked sent
        Assert.Equal(2, h.Sender.Calls);
        var messages = await h.MessagesAsync(id);
        Assert.All(messages.Where(m => m.Role == MessageRole.Ai), m => Assert.Equal(DeliveryStatus.Sent, m.DeliveryStatus));
        Assert.Equal(messages.Where(m => m.Role == MessageRole.Ai).Select(m => m.Text), h.Sender.TextsTo("dl-1"));
        Assert.All(h.Sender.Sent, m => Assert.Equal(1, m.Attempt));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AnOlderMessageStillPending_TheNextReplyWaitsForTheWorker_InOrder(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store, On);
        await using var running = await StartAsync(h);
        h.Sender.FailNextTo("dl-1", SendResult.Transient("HTTP 503"));

        await h.ShopperSaysAsync("dl-1", "How long does shipping take?");
        await WaitForAsync(async () => await h.CountAsync("SELECT COUNT(*) FROM outbox WHERE last_error IS NOT NULL") == 1); // failed: pending again, due after the backoff
        await h.ShopperSaysAsync("dl-1", "What payment methods do you accept?");
        await h.ShopperSaysAsync("dl-2", "What payment methods do you accept?"); // another destination is not held back
        await WaitForAsync(() => h.Sender.TextsTo("dl-2").Count == 1);

        Assert.Empty(h.Sender.TextsTo("dl-1"));
        Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND locked_until IS NULL AND attempts = 0"));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DrainAsync();
        var texts = h.Sender.TextsTo("dl-1");
        Assert.Equal(2, texts.Count);
        Assert.Contains("ship", texts[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await h.Outbox.CountPendingAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ClaimedButNeverSent_TheWorkerSendsItOnceTheLockExpires(Store store)
    {
        // The node stops between the commit and the send: nothing runs the after-commit sender here.
        await using var h = await CoreHarness.StartAsync(store, On);
        await h.ShopperSaysAsync("dl-1", "How long does shipping take?");
        await h.ShopperSaysAsync("dl-2", "How long does shipping take?");
        await h.ShopperSaysAsync("dl-2", "What payment methods do you accept?");

        await h.DrainAsync();
        Assert.Equal(0, h.Sender.Calls); // still locked: claimed by the turns that wrote them
        Assert.Equal(2, await h.CountAsync("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND locked_until IS NOT NULL"));

        h.Time.Advance(TimeSpan.FromSeconds(61));
        await h.DrainAsync();
        Assert.Single(h.Sender.TextsTo("dl-1"));
        Assert.Equal(2, h.Sender.TextsTo("dl-2").Count);
        Assert.Equal(3, h.Sender.Calls);
        Assert.Equal(0, await h.Outbox.CountPendingAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Off_EveryRowWaitsForTheWorker(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store, new() { ["Outbox:SendAfterCommit"] = "false" });
        await using var running = await StartAsync(h);
        await h.ShopperSaysAsync("dl-1", "How long does shipping take?");
        await h.ShopperSaysAsync("dl-1", "What payment methods do you accept?");

        Assert.Equal(0, h.Sender.Calls);
        Assert.Equal(0, await h.CountAsync("SELECT COUNT(*) FROM outbox WHERE locked_until IS NOT NULL"));
        await h.DrainAsync();
        await h.DrainAsync();
        Assert.Equal(2, h.Sender.TextsTo("dl-1").Count);
    }

    private static async Task<Running> StartAsync(CoreHarness h)
    {
        var service = h.Services.GetRequiredService<AfterCommitDelivery>();
        await service.StartAsync(CancellationToken.None);
        return new Running(service);
    }

    private sealed class Running(AfterCommitDelivery service) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await service.StopAsync(CancellationToken.None);
    }

    private static Task WaitForAsync(Func<bool> condition) => WaitForAsync(() => Task.FromResult(condition()));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the after-commit send");
            await Task.Delay(10);
        }
    }
}

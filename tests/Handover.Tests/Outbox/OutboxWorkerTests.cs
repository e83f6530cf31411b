using Handover.Messages;
using Handover.Outbox;
using Handover.Tests.Infrastructure;

namespace Handover.Tests.Outbox;

public class OutboxWorkerTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Drain_TransientFailures_RetriedWithBackoffUntilSent(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        h.Sender.FailNext(SendResult.Transient("HTTP 503"), SendResult.Transient("timeout"));
        var id = (await h.ShopperSaysAsync("dl-1", "How long does shipping take?")).ConversationId;

        await h.DrainAsync();
        Assert.Empty(h.Sender.Sent);
        Assert.Equal(1, h.Sender.Calls); // not due again until the backoff has passed

        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.DrainAsync();
        Assert.Empty(h.Sender.Sent);

        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.DrainAsync();
        Assert.Single(h.Sender.Sent);
        Assert.Equal(3, h.Sender.Calls);
        Assert.Equal(DeliveryStatus.Sent, (await h.MessagesAsync(id))[1].DeliveryStatus);
        Assert.Equal(0, await h.Outbox.CountPendingAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Drain_PermanentFailure_MarksTheMessageFailedWithTheReason(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        h.Sender.FailNext(SendResult.Permanent("unknown address"));
        var id = (await h.ShopperSaysAsync("dl-1", "How long does shipping take?")).ConversationId;

        await h.DrainAsync();

        var reply = (await h.MessagesAsync(id))[1];
        Assert.Equal((DeliveryStatus.Failed, "unknown address"), (reply.DeliveryStatus, reply.DeliveryError));
        Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM outbox WHERE status = 'failed'"));
    }

    [Fact]
    public async Task Drain_TransientFailuresBeyondMaxAttempts_GivesUpAndSaysSo()
    {
        await using var h = await CoreHarness.StartAsync(Store.Sqlite, new() { ["Outbox:MaxAttempts"] = "3" });
        h.Sender.FailNext(SendResult.Transient("503"), SendResult.Transient("503"), SendResult.Transient("503"));
        var id = (await h.ShopperSaysAsync("dl-1", "How long does shipping take?")).ConversationId;

        for (var i = 0; i < 4; i++)
        {
            await h.DrainAsync();
            h.Time.Advance(TimeSpan.FromMinutes(10));
        }

        var reply = (await h.MessagesAsync(id))[1];
        Assert.Equal(DeliveryStatus.Failed, reply.DeliveryStatus);
        Assert.Contains("gave up after 3 attempts", reply.DeliveryError, StringComparison.Ordinal);
        Assert.Equal(3, h.Sender.Calls);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Drain_FailedMessage_HoldsBackLaterMessagesOfTheSameConversationOnly(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        h.Sender.FailNextTo("dl-1", SendResult.Transient("503"));
        await h.ShopperSaysAsync("dl-1", "shipping?");
        await h.ShopperSaysAsync("dl-1", "payment?");
        await h.ShopperSaysAsync("dl-2", "payment?");

        await h.DrainAsync();
        Assert.Empty(h.Sender.TextsTo("dl-1"));
        Assert.Single(h.Sender.TextsTo("dl-2"));

        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.DrainAsync();
        Assert.Equal(["Standard shipping takes 3-5 business days.", "We accept cards, PayPal and gift cards."], h.Sender.TextsTo("dl-1"));
    }

    [Fact]
    public async Task Drain_ClaimedRowsOfACrashedWorker_ComeBackAfterTheLock()
    {
        await using var h = await CoreHarness.StartAsync(Store.Sqlite);
        await h.ShopperSaysAsync("dl-1", "shipping?");
        // A worker claims the row and dies before sending.
        Assert.Single(await h.Outbox.ClaimAsync(h.Time.GetUtcNow(), 10, TimeSpan.FromSeconds(60), CancellationToken.None));

        await h.DrainAsync();
        Assert.Empty(h.Sender.Sent);

        h.Time.Advance(TimeSpan.FromSeconds(61));
        await h.DrainAsync();
        Assert.Single(h.Sender.Sent);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Send_OutlastingTheLock_KeepsItsRowsFromAnotherClaimer(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Sender.Before = _ => release.Task; // a send that waits, as one paced at 1 message/s behind a backlog does
        await h.ShopperSaysAsync("dl-1", "shipping?");
        var draining = h.DrainAsync();
        while (h.Sender.Calls == 0)
            await Task.Delay(10);

        // Three renewals' worth of time (the lock is 60 s, renewed every 20 s), each given a moment to be written.
        for (var i = 0; i < 4; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(20.5));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (await h.CountAsync("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND locked_until > @now", new { now = h.Time.GetUtcNow().AddSeconds(30).ToUnixTimeMilliseconds() }) == 0
                   && DateTime.UtcNow < deadline)
                await Task.Delay(10);
        }

        // Another worker (another node) finds nothing to claim: the row is still ours, 82 s after it was claimed.
        Assert.Empty(await h.Outbox.ClaimAsync(h.Time.GetUtcNow(), 10, TimeSpan.FromSeconds(60), CancellationToken.None));
        release.SetResult();
        await draining;
        Assert.Single(h.Sender.Sent);
        Assert.Equal(0, await h.Outbox.CountPendingAsync());
    }
}

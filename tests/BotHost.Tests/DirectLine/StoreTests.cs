using Channels.DirectLine;
using Dapper;
using Handover.Persistence;
using BotHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.DirectLine;

public sealed class StoreTests
{
    [Fact]
    public async Task Append_RetryWhoseSeqWasMeanwhileTaken_ReturnsTheActivityWithItsClientActivityId()
    {
        // On PostgreSQL a retry's bump is rolled back after its conflict, so another append can take that seq (and the
        // id derived from it) before the retry looks up the winner. Simulated here by rewinding last_seq.
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var store = host.Services.GetRequiredService<DirectLineStore>();
        var first = await store.AppendAsync(conversation.Id, Event("a"), CancellationToken.None);
        var second = await store.AppendAsync(conversation.Id, Event("b"), CancellationToken.None);
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
            await connection.ExecuteAsync("UPDATE dl_conversations SET last_seq = 0 WHERE id = @Id", new { Id = conversation.Id });

        var retry = await store.AppendAsync(conversation.Id, Event("b"), CancellationToken.None);

        Assert.Equal(AppendOutcome.AlreadyThere, retry.Outcome);
        Assert.Equal(second.Activity!.ActivityId, retry.Activity!.ActivityId);
        Assert.NotEqual(first.Activity!.ActivityId, retry.Activity.ActivityId);
    }

    [Fact]
    public async Task Append_ToUnknownConversation_IsNotFound()
    {
        await using var host = await DirectLineHost.StartAsync();
        var store = host.Services.GetRequiredService<DirectLineStore>();

        var result = await store.AppendAsync("missing", Event("a"), CancellationToken.None);

        Assert.Equal(AppendOutcome.ConversationNotFound, result.Outcome);
    }

    [Fact]
    public async Task Appends_FromTwoNodesTakingTurns_StayDense_EachOnce()
    {
        // Each node guesses the next seq from the tail it last saw; the other node's appends make that guess stale, so
        // every other append misses its one-statement compare-and-set and must fall back without a gap or a double.
        var keys = new Dictionary<string, string?> { ["DirectLine:Secret"] = "two-node-secret-0123456789abcdef-0123", ["DirectLine:TokenSigningKey"] = "two-node-signing-key-0123456789abcdef" };
        await using var a = await TestApp.StartAsync(Store.Postgres, keys);
        await using var b = await TestApp.StartSecondNodeAsync(a, keys);
        var onA = a.Services.GetRequiredService<DirectLineStore>();
        var onB = b.Services.GetRequiredService<DirectLineStore>();
        var conversations = new[] { "dense-1", "dense-2", "dense-3" };
        foreach (var id in conversations)
            Assert.True(await onA.TryCreateConversationAsync(new DirectLineConversation(id, "dl_user", null, "demo", null, DateTimeOffset.UnixEpoch), CancellationToken.None));

        for (var round = 0; round < 4; round++)
        {
            var node = round % 2 == 0 ? onA : onB;
            foreach (var id in conversations)
                Assert.Equal(AppendOutcome.Appended, (await node.AppendAsync(id, Event($"user-{round}"), CancellationToken.None)).Outcome);
            // The outbox's way: one statement for many conversations, with the same guesses.
            var bots = conversations.Select(id => (id, Bot($"{id}|m{round}"))).ToList();
            var results = await node.AppendManyAsync(bots, CancellationToken.None);
            Assert.All(results, r => Assert.Equal(AppendOutcome.Appended, r.Outcome));
            // A redelivered bot message is found, not appended again.
            Assert.All(await node.AppendManyAsync(bots, CancellationToken.None), r => Assert.Equal(AppendOutcome.AlreadyThere, r.Outcome));
        }

        foreach (var id in conversations)
        {
            var log = await onB.ReadAfterAsync(id, 0, 100, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, 8).Select(n => (long)n), log.Select(x => x.Seq));
            Assert.Equal(8, log.Select(x => x.ActivityId).Distinct().Count());
        }
    }

    private static NewActivity Bot(string activityId) =>
        new("message", activityId, null, ForwardToCore: false, slot => $$"""{"type":"message","id":"{{slot.ActivityId}}"}""");

    private static NewActivity Event(string clientActivityId) =>
        new("event", null, clientActivityId, ForwardToCore: false, slot => $$"""{"type":"event","id":"{{slot.ActivityId}}"}""");
}

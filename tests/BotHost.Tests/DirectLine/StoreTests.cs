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

    [Fact]
    public async Task AppendMany_OnSqlite_OneTransaction_DenseSeqs_RepeatsFound_UnknownConversationsReported()
    {
        await using var app = await TestApp.StartAsync(Store.Sqlite);
        var store = app.Services.GetRequiredService<DirectLineStore>();
        foreach (var id in new[] { "many-1", "many-2" })
            Assert.True(await store.TryCreateConversationAsync(new DirectLineConversation(id, "dl_user", null, "demo", null, DateTimeOffset.UnixEpoch), CancellationToken.None));
        Assert.Equal(AppendOutcome.Appended, (await store.AppendAsync("many-1", Event("user-1"), CancellationToken.None)).Outcome);

        var first = await store.AppendManyAsync([("many-1", Bot("many-1|m1")), ("many-2", Bot("many-2|m1")), ("missing", Bot("missing|m1"))], CancellationToken.None);
        var again = await store.AppendManyAsync([("many-2", Bot("many-2|m1")), ("many-1", Bot("many-1|m2"))], CancellationToken.None);

        Assert.Equal([AppendOutcome.Appended, AppendOutcome.Appended, AppendOutcome.ConversationNotFound], first.Select(r => r.Outcome));
        Assert.Equal([2L, 1L], first.Take(2).Select(r => r.Activity!.Seq));
        Assert.Equal(AppendOutcome.AlreadyThere, again[0].Outcome);
        Assert.Equal("many-2|m1", again[0].Activity!.ActivityId);
        Assert.Equal((AppendOutcome.Appended, 3L), (again[1].Outcome, again[1].Activity!.Seq));
        // The repeat did not bump its conversation: the next append there is seq 2, no gap.
        Assert.Equal(2L, (await store.AppendAsync("many-2", Event("user-2"), CancellationToken.None)).Activity!.Seq);
        Assert.Equal([1L, 2L, 3L], (await store.ReadAfterAsync("many-1", 0, 10, CancellationToken.None)).Select(a => a.Seq));
    }

    [Fact]
    public async Task GuessedAppend_ReadsAFewPages_HoweverLongTheConversation()
    {
        // Its check for an earlier copy once joined the two keys by OR: with many conversations of modest length in the
        // statistics, PostgreSQL then read every activity of the conversation on each append (half the database's CPU
        // in the benchmark, growing with the log). A hundred conversations of 200 activities, written interleaved as
        // live traffic is, so one conversation's activities lie on different pages.
        await using var app = await TestApp.StartAsync(Store.Postgres);
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO dl_conversations (id, user_id, bot_id, created_at, last_seq, last_activity_at)
            SELECT 'long-' || c, 'dl_user', 'demo', 0, 200, 200 FROM generate_series(1, 100) c;
            INSERT INTO dl_activities (conversation_id, seq, activity_id, client_activity_id, type, json, created_at)
            SELECT 'long-' || c, n, 'long-' || c || '|' || n, CASE WHEN n % 2 = 0 THEN 'client-' || n END, 'message', '{"type":"message","text":"' || repeat('x', 200) || '"}', n
            FROM generate_series(1, 200) n, generate_series(1, 100) c ORDER BY n, c;
            ANALYZE dl_conversations;
            ANALYZE dl_activities;
            SET plan_cache_mode = force_generic_plan;
            """);
        var names = new[] { "ConversationIds", "Seqs", "ActivityIds", "ClientActivityIds", "Types", "Jsons", "ForwardStatuses", "Ats", "Notices" };
        var prepared = DirectLineStore.GuessedAppendPostgres;
        for (var i = 0; i < names.Length; i++)
            prepared = prepared.Replace("@" + names[i] + "::", $"${i + 1}::", StringComparison.Ordinal);
        await connection.ExecuteAsync($"PREPARE append(text[], bigint[], text[], text[], text[], text[], text[], bigint[], text[]) AS {prepared}");

        await using var tx = await connection.BeginTransactionAsync();
        var plan = await connection.ExecuteScalarAsync<string>("""
            EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE append(
                ARRAY['long-1'], ARRAY[201::bigint], ARRAY['long-1|201'], ARRAY['client-201'], ARRAY['message'], ARRAY['{}'], ARRAY['pending'], ARRAY[201::bigint], ARRAY['n'])
            """, transaction: tx);
        await tx.RollbackAsync();

        var root = System.Text.Json.JsonDocument.Parse(plan!).RootElement[0].GetProperty("Plan");
        var pages = root.GetProperty("Shared Hit Blocks").GetInt64() + root.GetProperty("Shared Read Blocks").GetInt64();
        Assert.Equal(1, root.GetProperty("Actual Rows").GetInt64());
        Assert.True(pages < 100, $"one append read {pages} pages in a conversation of 200 activities:\n{plan}");
    }

    private static NewActivity Bot(string activityId) =>
        new("message", activityId, null, ForwardToCore: false, slot => $$"""{"type":"message","id":"{{slot.ActivityId}}"}""");

    private static NewActivity Event(string clientActivityId) =>
        new("event", null, clientActivityId, ForwardToCore: false, slot => $$"""{"type":"event","id":"{{slot.ActivityId}}"}""");
}

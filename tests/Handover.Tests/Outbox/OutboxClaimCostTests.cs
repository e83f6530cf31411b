using System.Text.Json;
using Dapper;
using Handover.Outbox;
using Handover.Tests.Infrastructure;

namespace Handover.Tests.Outbox;

/// <summary>
/// The outbox keeps every sent row as history, so the claim must read only what is pending. Before migration 050 a cached
/// generic plan walked the primary key from the first row ever sent: each claim read the whole history, and a minute of
/// load made it 42 ms. These tests put 20,000 sent rows behind three pending ones and look at what the claim reads.
/// </summary>
public class OutboxClaimCostTests
{
    private const int SentRows = 20_000;

    [Fact]
    public async Task Claim_PostgresGenericPlan_ReadsOnlyPendingRowsIndexes()
    {
        await using var h = await CoreHarness.StartAsync(Store.Postgres);
        await SeedHistoryAsync(h);

        await using var connection = await h.Database.OpenAsync();
        // The plan Npgsql's prepared statement ends up with after a few runs: generic, blind to the parameters' values.
        await connection.ExecuteAsync("SET plan_cache_mode = force_generic_plan");
        var prepared = OutboxStore.PostgresClaimSql.Replace("@lockedUntil", "$1").Replace("@now", "$2").Replace("@batchSize", "$3");
        await connection.ExecuteAsync($"PREPARE claim(bigint, bigint, integer) AS {prepared}");
        await using var tx = await connection.BeginTransactionAsync(); // rolled back: EXPLAIN ANALYZE runs the claim
        var plan = await connection.ExecuteScalarAsync<string>("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE claim(9000000000000, 8000000000000, 100)", transaction: tx);
        await tx.RollbackAsync();

        // The plan's shape, not its page count: how many dead index entries a scan meets depends on vacuum and on the
        // other transactions running. Every read of the outbox goes through a pending-only index, except the update's
        // lookup of the claimed ids by primary key.
        var root = JsonDocument.Parse(plan!).RootElement[0].GetProperty("Plan");
        Assert.Equal(3, root.GetProperty("Actual Rows").GetInt64()); // one per destination, the oldest
        var reads = Nodes(root).Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "outbox").ToList();
        Assert.NotEmpty(reads);
        foreach (var read in reads.Where(n => n.GetProperty("Node Type").GetString() != "ModifyTable"))
        {
            var index = read.TryGetProperty("Index Name", out var name) ? name.GetString() : null;
            var byId = index == "outbox_pkey" && read.TryGetProperty("Index Cond", out var condition) && condition.GetString()!.Contains("ANY", StringComparison.Ordinal);
            Assert.True(index is "ix_outbox_due" or "ix_outbox_pending_destination" || byId, $"the claim reads the outbox by {read.GetProperty("Node Type")} {index}:\n{plan}");
        }
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                foreach (var n in Nodes(child))
                    yield return n;
            }
        }
    }

    [Fact]
    public async Task Claim_Sqlite_ReadsThePendingRowsIndexInsteadOfTheOutbox()
    {
        await using var h = await CoreHarness.StartAsync(Store.Sqlite);
        await SeedHistoryAsync(h);

        await using var connection = await h.Database.OpenAsync();
        var steps = (await connection.QueryAsync<PlanStep>($"EXPLAIN QUERY PLAN {OutboxStore.SqliteClaimSql}",
            new { now = 8_000_000_000_000L, lockedUntil = 9_000_000_000_000L, batchSize = 100 })).Select(s => s.Detail).ToList();

        // Scanning the partial index of pending rows is the point; scanning the table (or any other index of it) is not.
        Assert.Contains("SCAN o USING INDEX ix_outbox_due", steps);
        Assert.DoesNotContain(steps, s => s.StartsWith("SCAN", StringComparison.Ordinal) && s != "SCAN o USING INDEX ix_outbox_due");
    }

    /// <summary>Three destinations with two pending rows each, behind <see cref="SentRows"/> sent rows.</summary>
    private static async Task SeedHistoryAsync(CoreHarness h)
    {
        var conversationId = (await h.ShopperSaysAsync("dl-history", "How long does shipping take?")).ConversationId;
        await h.DrainAsync();
        await using var connection = await h.Database.OpenAsync();
        var messageId = await connection.ExecuteScalarAsync<long>("SELECT MAX(id) FROM messages");
        var series = h.Database.IsPostgres
            ? "SELECT g AS n FROM generate_series(1, @count) g"
            : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < @count) SELECT n FROM s";
        // As in production: rows are born pending, the statistics are taken while they are, and then they are sent.
        await connection.ExecuteAsync($"""
            INSERT INTO outbox (message_id, conversation_id, channel, address, status, attempts, next_attempt_at, created_at)
            SELECT @messageId, @conversationId, 'directline', 'dl-' || (n % 50), 'pending', 0, n, n FROM ({series}) x
            """, new { messageId, conversationId, count = SentRows });
        await connection.ExecuteAsync("ANALYZE outbox");
        await connection.ExecuteAsync("UPDATE outbox SET status = 'sent', attempts = 1, sent_at = next_attempt_at WHERE status = 'pending'");
        await connection.ExecuteAsync($"""
            INSERT INTO outbox (message_id, conversation_id, channel, address, status, attempts, next_attempt_at, created_at)
            SELECT @messageId, @conversationId, 'directline', 'dl-' || (n % 3), 'pending', 0, n, n FROM ({series}) x
            """, new { messageId, conversationId, count = 6 });
    }

    private sealed record PlanStep(long Id, long Parent, long Notused, string Detail);
}

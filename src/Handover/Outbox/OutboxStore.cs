using System.Data.Common;
using Dapper;
using Handover.Messages;
using Handover.Persistence;

namespace Handover.Outbox;

/// <summary>
/// The transactional outbox: rows are written in the same transaction as the message they deliver, and claimed
/// by workers in order per destination (a conversation's next message to one channel address waits until the one before it is sent).
/// </summary>
public sealed class OutboxStore(Database database)
{
    /// <summary>Queues <paramref name="messageId"/> for the shopper (<paramref name="toShopper"/>) or for an agent-side mirror.</summary>
    public Task EnqueueAsync(
        DbConnection connection, DbTransaction tx, long messageId, string conversationId, string channel, string address, DateTimeOffset now, bool toShopper = true) =>
        connection.ExecuteAsync("""
            INSERT INTO outbox (message_id, conversation_id, channel, address, status, attempts, next_attempt_at, created_at, to_shopper)
            VALUES (@messageId, @conversationId, @channel, @address, 'pending', 0, @now, @now, @toShopper)
            """, new { messageId, conversationId, channel, address, now = now.ToUnixMs(), toShopper = toShopper ? 1 : 0 }, tx);

    /// <summary>
    /// Queues like <see cref="EnqueueAsync"/>, but born claimed for <paramref name="claims"/> when nothing of the destination
    /// is pending from before (SQLite's turns; PostgreSQL's one-statement turn does the same in SQL).
    /// </summary>
    public async Task EnqueueClaimingAsync(
        DbConnection connection, DbTransaction tx, long messageId, string conversationId, string channel, string address, DateTimeOffset now, bool toShopper,
        TurnClaims claims)
    {
        var (id, claimed) = await connection.QuerySingleAsync<(long, long)>("""
            INSERT INTO outbox (message_id, conversation_id, channel, address, status, attempts, next_attempt_at, created_at, to_shopper, locked_until)
            SELECT @messageId, @conversationId, @channel, @address, 'pending', free, @now, @now, @toShopper, CASE WHEN free = 1 THEN @lockedUntil END
            FROM (SELECT CASE WHEN @mine = 1 OR NOT EXISTS (
                SELECT 1 FROM outbox WHERE conversation_id = @conversationId AND channel = @channel AND address = @address AND status = 'pending') THEN 1 ELSE 0 END AS free) x
            RETURNING id, attempts
            """, new
        {
            messageId, conversationId, channel, address, now = now.ToUnixMs(), toShopper = toShopper ? 1 : 0,
            lockedUntil = claims.LockedUntil.ToUnixMs(), mine = claims.Claimed(channel, address) ? 1 : 0,
        }, tx);
        claims.CountQueued();
        if (claimed == 1)
            claims.Add(new ClaimedRow(id, messageId, channel, address, toShopper));
    }

    /// <summary>Claims up to <paramref name="batchSize"/> due rows (the oldest pending one of each destination), locking them for <paramref name="lockFor"/>.</summary>
    public async Task<IReadOnlyList<ClaimedOutbound>> ClaimAsync(DateTimeOffset now, int batchSize, TimeSpan lockFor, CancellationToken cancellationToken)
    {
        var parameters = new { now = now.ToUnixMs(), lockedUntil = (now + lockFor).ToUnixMs(), batchSize };
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.IsPostgres)
        {
            // The claim and the read of what it claimed in one statement: one round trip per batch.
            var claimed = await connection.QueryAsync<Row>(PostgresClaimSql, parameters);
            return ToClaimed(claimed);
        }
        await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
        var ids = (await connection.QueryAsync<long>(SqliteClaimSql, parameters, tx)).ToList();
        if (ids.Count == 0)
        {
            await tx.CommitAsync(cancellationToken);
            return [];
        }
        var rows = await connection.QueryAsync<Row>($"""
            SELECT {ClaimedColumns} FROM outbox o {ClaimedJoins}
            WHERE {database.InList("o.id", "ids")} ORDER BY o.id
            """, new { ids }, tx);
        await tx.CommitAsync(cancellationToken);
        return ToClaimed(rows);
    }

    /// <summary>
    /// The oldest pending row of each destination that is due and not locked, oldest first. It reads pending rows only
    /// (partial indexes, migration 050): sent rows stay as history, and the claim must not slow down as they pile up.
    /// </summary>
    private const string Due = """
        o.status = 'pending' AND o.next_attempt_at <= @now AND (o.locked_until IS NULL OR o.locked_until < @now)
          AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.conversation_id = o.conversation_id AND p.channel = o.channel AND p.address = o.address AND p.status = 'pending' AND p.id < o.id)
        """;

    /// <summary>
    /// The claim and the read of what it claimed, one statement; SKIP LOCKED lets several nodes drain side by side. The
    /// ids go through an array so the update finds its rows by primary key: as "id IN (...)", a generic plan built on
    /// statistics from when most rows were pending joined the whole table.
    /// </summary>
    internal const string PostgresClaimSql = $"""
        WITH claimed AS (
            UPDATE outbox SET locked_until = @lockedUntil, attempts = attempts + 1
            WHERE id = ANY(ARRAY(SELECT o.id FROM outbox o WHERE {Due} ORDER BY o.id LIMIT @batchSize FOR UPDATE SKIP LOCKED))
            RETURNING id, attempts, message_id, conversation_id, channel, address, to_shopper)
        SELECT {ClaimedColumns} FROM claimed o {ClaimedJoins} ORDER BY o.id
        """;

    /// <summary>SQLite has one writer anyway; the claimed rows are read in the same transaction. It is told the index,
    /// because statistics taken while most rows were pending make it scan the whole table.</summary>
    internal const string SqliteClaimSql = $"""
        UPDATE outbox SET locked_until = @lockedUntil, attempts = attempts + 1
        WHERE id IN (SELECT o.id FROM outbox o INDEXED BY ix_outbox_due WHERE {Due} ORDER BY o.id LIMIT @batchSize)
        RETURNING id
        """;

    // What a claimed row is sent with, read from the outbox row "o" and its message.
    private const string ClaimedColumns = """
        o.id AS OutboxId, o.attempts AS Attempts, o.message_id AS MessageId, o.conversation_id AS ConversationId, o.channel AS Channel,
        o.address AS Address, m.role AS Role, m.text AS Text, m.internal AS Internal, o.to_shopper AS ToShopper, m.agent_id AS AgentId,
        a.display_name AS AgentName, m.created_at AS CreatedAt, m.attachment_json AS AttachmentJson
        """;

    private const string ClaimedJoins = "JOIN messages m ON m.id = o.message_id LEFT JOIN agents a ON a.id = m.agent_id";

    private static List<ClaimedOutbound> ToClaimed(IEnumerable<Row> rows) =>
        rows.Select(r => new ClaimedOutbound(
            new OutboundMessage(r.OutboxId, r.MessageId, r.ConversationId, r.Channel, r.Address, MessageRoles.Parse(r.Role), r.Text, r.AgentId, r.AgentName, Clock.FromUnixMs(r.CreatedAt))
            {
                Internal = r.Internal != 0,
                ToShopper = r.ToShopper != 0,
                AttachmentJson = r.AttachmentJson,
                Attempt = r.Attempts,
            },
            r.Attempts)).ToList();

    public async Task MarkSentAsync(IReadOnlyCollection<OutboundMessage> sent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (sent.Count == 0)
            return;
        await using var connection = await database.OpenAsync(cancellationToken);
        var outboxIds = sent.Select(m => m.OutboxId).ToList();
        var messageIds = sent.Where(m => m.ToShopper).Select(m => m.MessageId).ToList();
        if (database.IsPostgres)
        {
            // Both updates in one statement (one round trip, one transaction).
            await connection.ExecuteAsync($"""
                WITH done AS (
                    UPDATE outbox SET status = 'sent', sent_at = @now, locked_until = NULL, last_error = NULL WHERE id = ANY(@outboxIds) RETURNING 1
                )
                UPDATE messages SET delivery_status = '{DeliveryStatus.Sent}' WHERE id = ANY(@messageIds) AND delivery_status = '{DeliveryStatus.Queued}'
                """, new { outboxIds = outboxIds.ToArray(), messageIds = messageIds.ToArray(), now = now.ToUnixMs() });
            return;
        }
        await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync($"UPDATE outbox SET status = 'sent', sent_at = @now, locked_until = NULL, last_error = NULL WHERE {database.InList("id", "outboxIds")}",
            new { outboxIds, now = now.ToUnixMs() }, tx);
        // A status callback may already have moved it further (delivered, read); never move it back.
        await connection.ExecuteAsync($"UPDATE messages SET delivery_status = '{DeliveryStatus.Sent}' WHERE {database.InList("id", "messageIds")} AND delivery_status = '{DeliveryStatus.Queued}'",
            new { messageIds }, tx);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Keeps the lock on rows still being sent: pending and locked. Rows given back for a retry (unlocked), failed or
    /// marked sent are left alone.
    /// </summary>
    public async Task ExtendLocksAsync(long[] outboxIds, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync($"UPDATE outbox SET locked_until = @lockedUntil WHERE {database.InList("id", "outboxIds")} AND status = 'pending' AND locked_until IS NOT NULL",
            new { outboxIds, lockedUntil = lockedUntil.ToUnixMs() });
    }

    public async Task ScheduleRetryAsync(OutboundMessage message, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE outbox SET next_attempt_at = @next, locked_until = NULL, last_error = @error WHERE id = @id AND status = 'pending'",
            new { id = message.OutboxId, next = nextAttemptAt.ToUnixMs(), error });
    }

    /// <summary>Gives up on a message: the outbox row and the message both say so, with the reason (nothing fails silently).</summary>
    public async Task MarkFailedAsync(OutboundMessage message, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync("UPDATE outbox SET status = 'failed', locked_until = NULL, last_error = @error WHERE id = @id",
            new { id = message.OutboxId, error }, tx);
        if (message.ToShopper)
        {
            await connection.ExecuteAsync($"UPDATE messages SET delivery_status = '{DeliveryStatus.Failed}', delivery_error = @error WHERE id = @id",
                new { id = message.MessageId, error }, tx);
        }
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Rows still waiting (pending, any due time): for tests, health and the benchmark.</summary>
    public async Task<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
    }

    private sealed class Row
    {
        public long OutboxId { get; set; }
        public long Attempts { get; set; }
        public long MessageId { get; set; }
        public string ConversationId { get; set; } = "";
        public string Channel { get; set; } = "";
        public string Address { get; set; } = "";
        public string Role { get; set; } = "";
        public string Text { get; set; } = "";
        public long Internal { get; set; }
        public long ToShopper { get; set; }
        public string? AgentId { get; set; }
        public string? AgentName { get; set; }
        public long CreatedAt { get; set; }
        public string? AttachmentJson { get; set; }
    }
}

/// <summary>A claimed row and how many times it has been tried, this time included.</summary>
public sealed record ClaimedOutbound(OutboundMessage Message, long Attempts);

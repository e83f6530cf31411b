using System.Data.Common;
using System.Globalization;
using Dapper;
using Handover.Conversations;
using Handover.Messages;
using Handover.Outbox;
using Handover.Persistence;

namespace Handover.Pipeline;

/// <summary>
/// A shopper's turn on an existing conversation written to PostgreSQL as one statement, one round trip: the
/// compare-and-set, the shopper's message and the replies (one insert, so their ids keep their order), their outbox
/// rows to the shopper and to every mirror, and the transition events. Every part hangs off the compare-and-set's
/// RETURNING, so a lost race writes nothing; a shopper message already stored (a duplicate delivered to another node at
/// the same moment) aborts the statement through <c>handover_abort</c>, so nothing is half-written either way.
/// The same rules as the statement-by-statement path: outbox rows for messages that are neither the shopper's nor
/// internal, mirror rows for every message.
/// </summary>
internal static class OneStatementTurn
{
    /// <summary>SQLSTATE raised by <c>handover_abort</c> (migration 040).</summary>
    public const string AbortedState = "HO409";

    public sealed record Turn(
        Conversation Conversation, ConversationState Next, HandoverReason? Reason, string? ShopperName,
        bool WriteDialogState, string? DialogState, HandoverReason? Escalation,
        NewMessage Inbound, IReadOnlyList<NewMessage> Replies, IReadOnlyList<ConversationEvent> Events, DateTimeOffset Now)
    {
        /// <summary>When set, outbox rows whose destination has nothing pending are born claimed until then.</summary>
        public DateTimeOffset? ClaimUntil { get; init; }

        /// <summary>
        /// When set, the turn was decided on inputs remembered from earlier turns rather than read just now: the
        /// compare-and-set then also checks them, so a turn decided on anything stale writes nothing.
        /// </summary>
        public AssumedInputs? Assumed { get; init; }
    }

    /// <summary>
    /// What the AI read besides the conversation's version: its last messages (their ids, in any order, at most
    /// <paramref name="Window"/>) and each gate's number.
    /// </summary>
    public sealed record AssumedInputs(long[] RecentIds, int Window, IReadOnlyList<GateRead> Gates);

    /// <summary>A gate's query about the conversation <c>@Id</c> at <c>@now</c> (see IAiGate.ReadSql), and what it read.</summary>
    public sealed record GateRead(string Sql, long Value);

    /// <summary>
    /// What the statement wrote: the shopper message's id (null when the compare-and-set lost and nothing was written), the
    /// ids of the inbound message and the replies in order, how many outbox rows it queued, those it claimed, and the
    /// conversation as the compare-and-set left it (null when it lost).
    /// </summary>
    public sealed record Written(long? StoredId, long[] MessageIds, long Queued, IReadOnlyList<ClaimedRow> Claimed, Conversation? After);

    public static async Task<Written> WriteAsync(DbConnection connection, Turn turn)
    {
        var (sql, parameters) = Build(turn);
        // The conversation's columns follow the turn's; Dapper starts the second object at the first column named Id.
        var rows = await connection.QueryAsync<WrittenRow, ConversationStore.Row, (WrittenRow Written, ConversationStore.Row? After)>(
            sql, (written, after) => (written, after), parameters, splitOn: "Id");
        var (row, conversation) = rows.Single();
        var claimed = new List<ClaimedRow>(row.ClaimedIds.Length);
        for (var i = 0; i < row.ClaimedIds.Length; i++)
            claimed.Add(new ClaimedRow(row.ClaimedIds[i], row.ClaimedMessageIds[i], row.ClaimedChannels[i], row.ClaimedAddresses[i], row.ClaimedToShopper[i] != 0));
        return new Written(row.StoredId, row.MessageIds, row.Queued, claimed, conversation?.ToConversation());
    }

    private sealed class WrittenRow
    {
        public long? StoredId { get; set; }
        public long[] MessageIds { get; set; } = [];
        public long Queued { get; set; }
        public long[] ClaimedIds { get; set; } = [];
        public long[] ClaimedMessageIds { get; set; } = [];
        public string[] ClaimedChannels { get; set; } = [];
        public string[] ClaimedAddresses { get; set; } = [];
        public long[] ClaimedToShopper { get; set; } = [];
    }

    internal static (string Sql, PlainParameters Parameters) Build(Turn t)
    {
        var c = t.Conversation;
        var p = new PlainParameters();
        p.Add("Id", c.Id);
        p.Add("ExpectedVersion", c.Version);
        p.Add("Channel", c.Channel);
        p.Add("Address", c.Address);
        p.Add("InboundChannel", t.Inbound.Channel);
        p.Add("ProviderMessageId", t.Inbound.ProviderMessageId);
        p.Add("ClaimUntil", t.ClaimUntil?.ToUnixMs());
        var set = ConversationStore.CompareAndSetAssignments(
            p, t.Next, t.Reason, t.Now, touchLastMessage: true, t.ShopperName, t.WriteDialogState, t.DialogState, t.Escalation);
        var assumed = t.Assumed is { } a ? AssumedChecks(p, a, t.Now) : "";

        var messages = new List<string>();
        foreach (var (m, i) in new[] { t.Inbound }.Concat(t.Replies).Select((m, i) => (m, i)))
        {
            messages.Add(string.Create(CultureInfo.InvariantCulture,
                $"({i}, @m{i}role, @m{i}text, @m{i}agent, @m{i}internal::bigint, @m{i}channel, @m{i}provider, @m{i}lack::bigint, @m{i}confidence::double precision, @m{i}status, @m{i}at::bigint, @m{i}attachment, @m{i}key)"));
            p.Add($"m{i}role", m.Role.ToWire());
            p.Add($"m{i}text", m.Text);
            p.Add($"m{i}agent", m.AgentId);
            p.Add($"m{i}internal", m.Internal ? 1L : 0L);
            p.Add($"m{i}channel", m.Channel);
            p.Add($"m{i}provider", m.ProviderMessageId);
            p.Add($"m{i}lack", m.LackOfInformation ? 1L : 0L);
            p.Add($"m{i}confidence", m.Confidence);
            p.Add($"m{i}status", m.DeliveryStatus);
            p.Add($"m{i}at", m.At.ToUnixMs());
            p.Add($"m{i}attachment", m.AttachmentJson);
            p.Add($"m{i}key", m.IdempotencyKey);
        }

        var events = new List<string>();
        foreach (var (e, i) in t.Events.Select((e, i) => (e, i)))
        {
            events.Add(string.Create(CultureInfo.InvariantCulture,
                $"({i}, @e{i}verb, @e{i}actor, @e{i}from, @e{i}to, @e{i}trigger, @e{i}rule, @e{i}evidence, @e{i}confidence::double precision, @e{i}note, @e{i}at::bigint)"));
            p.Add($"e{i}verb", e.Verb.ToString());
            p.Add($"e{i}actor", e.Actor);
            p.Add($"e{i}from", e.From);
            p.Add($"e{i}to", e.To);
            p.Add($"e{i}trigger", e.Reason?.Trigger);
            p.Add($"e{i}rule", e.Reason?.Rule);
            p.Add($"e{i}evidence", e.Reason?.Evidence);
            p.Add($"e{i}confidence", e.Reason?.Confidence);
            p.Add($"e{i}note", e.Note);
            p.Add($"e{i}at", e.At.ToUnixMs());
        }
        var eventsCte = events.Count == 0 ? "" : $"""
            ,
            events AS (
                INSERT INTO conversation_events (conversation_id, verb, actor, from_state, to_state, reason_trigger, reason_rule, reason_evidence, reason_confidence, note, at)
                SELECT @Id, v.verb, v.actor, v.from_state, v.to_state, v.reason_trigger, v.reason_rule, v.reason_evidence, v.reason_confidence, v.note, v.at
                FROM cas CROSS JOIN (VALUES {string.Join(", ", events)})
                    AS v(ord, verb, actor, from_state, to_state, reason_trigger, reason_rule, reason_evidence, reason_confidence, note, at)
                ORDER BY v.ord
                RETURNING 1
            )
            """;

        // The shopper's message is checked here, under the snapshot, and again by the insert's ON CONFLICT: if another
        // node stored it between the two, the final SELECT aborts the statement.
        var sql = $"""
            WITH cas AS (
                UPDATE conversations SET {set}
                WHERE id = @Id AND version = @ExpectedVersion
                  AND NOT EXISTS (SELECT 1 FROM messages WHERE channel = @InboundChannel AND provider_message_id = @ProviderMessageId){assumed}
                RETURNING {ConversationStore.Columns}
            ),
            stored AS (
                INSERT INTO messages (conversation_id, role, text, agent_id, internal, channel, provider_message_id, lack_of_information, confidence, delivery_status, created_at, attachment_json, idempotency_key)
                SELECT @Id, v.role, v.text, v.agent_id, v.internal, v.channel, v.provider_message_id, v.lack, v.confidence, v.status, v.at, v.attachment, v.key
                FROM cas CROSS JOIN (VALUES {string.Join(", ", messages)})
                    AS v(ord, role, text, agent_id, internal, channel, provider_message_id, lack, confidence, status, at, attachment, key)
                ORDER BY v.ord
                ON CONFLICT DO NOTHING
                RETURNING id, role, internal, provider_message_id
            ),
            queued AS (
                INSERT INTO outbox (message_id, conversation_id, channel, address, status, attempts, next_attempt_at, created_at, to_shopper, locked_until)
                SELECT q.id, @Id, q.channel, q.address, 'pending', CASE WHEN q.free THEN 1 ELSE 0 END, @Now, @Now, q.to_shopper,
                       CASE WHEN q.free THEN @ClaimUntil::bigint END
                FROM (
                    SELECT r.*, @ClaimUntil::bigint IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM outbox o WHERE o.conversation_id = @Id AND o.channel = r.channel AND o.address = r.address AND o.status = 'pending') AS free
                    FROM (
                        SELECT s.id, @Channel AS channel, @Address AS address, 1 AS to_shopper, 0 AS mirror_order, '' AS mirror_channel, '' AS mirror_address
                        FROM stored s WHERE s.role <> 'shopper' AND s.internal = 0
                        UNION ALL
                        SELECT s.id, cm.channel, cm.address, 0, 1, cm.channel, cm.address
                        FROM stored s JOIN conversation_mirrors cm ON cm.conversation_id = @Id
                    ) r
                ) q
                ORDER BY q.id, q.mirror_order, q.mirror_channel, q.mirror_address
                RETURNING id, message_id, channel, address, to_shopper, locked_until IS NOT NULL AS claimed
            ){eventsCte}
            SELECT CASE
                    WHEN NOT EXISTS (SELECT 1 FROM cas) THEN NULL
                    WHEN NOT EXISTS (SELECT 1 FROM stored WHERE provider_message_id IS NOT NULL)
                        THEN handover_abort('message ' || @ProviderMessageId || ' was stored by a concurrent delivery')
                    ELSE (SELECT id FROM stored WHERE provider_message_id IS NOT NULL)
                END AS StoredId,
                ARRAY(SELECT id FROM stored ORDER BY id) AS MessageIds,
                (SELECT count(*) FROM queued) AS Queued,
                ARRAY(SELECT id FROM queued WHERE claimed ORDER BY id) AS ClaimedIds,
                ARRAY(SELECT message_id FROM queued WHERE claimed ORDER BY id) AS ClaimedMessageIds,
                ARRAY(SELECT channel FROM queued WHERE claimed ORDER BY id) AS ClaimedChannels,
                ARRAY(SELECT address FROM queued WHERE claimed ORDER BY id) AS ClaimedAddresses,
                ARRAY(SELECT to_shopper FROM queued WHERE claimed ORDER BY id) AS ClaimedToShopper,
                after.*
            FROM (SELECT 1) AS one LEFT JOIN cas AS after ON true
            """;
        return (sql, p);
    }

    /// <summary>
    /// The compare-and-set's extra conditions for a turn decided on remembered inputs. The last messages are the same
    /// when no message newer than the oldest remembered one is missing from them (messages are never deleted; with
    /// fewer than a window remembered, there must be none older either); a range on the conversation's index, no sort.
    /// </summary>
    private static string AssumedChecks(PlainParameters p, AssumedInputs a, DateTimeOffset now)
    {
        var full = a.RecentIds.Length >= a.Window;
        p.Add("RecentIds", a.RecentIds);
        p.Add("RecentFrom", full ? a.RecentIds.Min() : 0L);
        p.Add("now", now.ToUnixMs());
        var checks = new System.Text.StringBuilder("""

                  AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = @Id AND id >= @RecentFrom AND id <> ALL(@RecentIds))
            """);
        for (var i = 0; i < a.Gates.Count; i++)
        {
            p.Add($"Gate{i}", a.Gates[i].Value);
            checks.Append(CultureInfo.InvariantCulture, $"\n      AND ({a.Gates[i].Sql}) = @Gate{i}::bigint");
        }
        return checks.ToString();
    }
}

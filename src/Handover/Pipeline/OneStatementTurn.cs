using System.Data.Common;
using System.Globalization;
using Dapper;
using Handover.Conversations;
using Handover.Messages;
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
        NewMessage Inbound, IReadOnlyList<NewMessage> Replies, IReadOnlyList<ConversationEvent> Events, DateTimeOffset Now);

    /// <summary>The stored shopper message's id; null when the compare-and-set lost (nothing was written).</summary>
    public static async Task<long?> WriteAsync(DbConnection connection, Turn turn)
    {
        var (sql, parameters) = Build(turn);
        return await connection.ExecuteScalarAsync<long?>(sql, parameters);
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
        var set = ConversationStore.CompareAndSetAssignments(
            p, t.Next, t.Reason, t.Now, touchLastMessage: true, t.ShopperName, t.WriteDialogState, t.DialogState, t.Escalation);

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
                  AND NOT EXISTS (SELECT 1 FROM messages WHERE channel = @InboundChannel AND provider_message_id = @ProviderMessageId)
                RETURNING id
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
                INSERT INTO outbox (message_id, conversation_id, channel, address, status, attempts, next_attempt_at, created_at, to_shopper)
                SELECT q.id, @Id, q.channel, q.address, 'pending', 0, @Now, @Now, q.to_shopper
                FROM (
                    SELECT s.id, @Channel AS channel, @Address AS address, 1 AS to_shopper, 0 AS mirror_order, '' AS mirror_channel, '' AS mirror_address
                    FROM stored s WHERE s.role <> 'shopper' AND s.internal = 0
                    UNION ALL
                    SELECT s.id, cm.channel, cm.address, 0, 1, cm.channel, cm.address
                    FROM stored s JOIN conversation_mirrors cm ON cm.conversation_id = @Id
                ) q
                ORDER BY q.id, q.mirror_order, q.mirror_channel, q.mirror_address
                RETURNING 1
            ){eventsCte}
            SELECT CASE
                WHEN NOT EXISTS (SELECT 1 FROM cas) THEN NULL
                WHEN NOT EXISTS (SELECT 1 FROM stored WHERE provider_message_id IS NOT NULL)
                    THEN handover_abort('message ' || @ProviderMessageId || ' was stored by a concurrent delivery')
                ELSE (SELECT id FROM stored WHERE provider_message_id IS NOT NULL)
            END
            """;
        return (sql, p);
    }
}

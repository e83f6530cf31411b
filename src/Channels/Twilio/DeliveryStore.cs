using Dapper;
using Handover.Messages;
using Handover.Outbox;
using Handover.Persistence;

namespace Channels.Twilio;

/// <summary>A held reply: sent again through the outbox when the shopper's window opens.</summary>
internal sealed record HeldReply(long Id, long MessageId, string ConversationId, string Channel, string Address);

/// <summary>
/// What Twilio did with outbound messages: the SID and status of every part (<c>twilio_parts</c>), the WhatsApp
/// window per shopper (<c>twilio_windows</c>) and replies held while it is closed (<c>twilio_held</c>).
/// </summary>
internal sealed class DeliveryStore(Database database, MessageStore messages, OutboxStore outbox)
{
    // Where a status sits on the way out; a message's status only ever moves to a higher rank (C2).
    private static readonly Dictionary<string, int> Rank = new(StringComparer.Ordinal)
    {
        [DeliveryStatus.Queued] = 0,
        [DeliveryStatus.Held] = 1,
        [DeliveryStatus.Sent] = 2,
        [DeliveryStatus.Delivered] = 3,
        [DeliveryStatus.Read] = 4,
        [DeliveryStatus.Failed] = 5,
    };

    /// <summary>Twilio's status as the core's delivery status.</summary>
    public static string? ToDeliveryStatus(string twilioStatus) => twilioStatus switch
    {
        "accepted" or "scheduled" or "queued" or "sending" => DeliveryStatus.Queued,
        "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        "read" => DeliveryStatus.Read,
        "failed" or "undelivered" or "canceled" => DeliveryStatus.Failed,
        _ => null,
    };

    public static IReadOnlyList<string> Below(string status) => Rank.Where(r => r.Value < Rank[status]).Select(r => r.Key).ToList();

    public async Task<int> CountPartsAsync(long outboxId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM twilio_parts WHERE outbox_id = @outboxId", new { outboxId });
    }

    public async Task<string?> FirstSidAsync(long outboxId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT sid FROM twilio_parts WHERE outbox_id = @outboxId AND part = 0", new { outboxId });
    }

    /// <summary>
    /// Records a part Twilio accepted; with <paramref name="markSent"/> (the last part of a message to the shopper) the
    /// message is marked sent in the same command (one round trip).
    /// </summary>
    public async Task RecordPartAsync(OutboundMessage message, int part, string sid, string status, long now, bool markSent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var insert = """
            INSERT INTO twilio_parts (outbox_id, part, message_id, to_shopper, sid, status, updated_at) VALUES (@OutboxId, @part, @MessageId, @toShopper, @sid, @status, @now)
            ON CONFLICT DO NOTHING
            """;
        await connection.ExecuteAsync(markSent ? $"{insert};\n{MarkSentSql}" : insert,
            new { message.OutboxId, part, message.MessageId, toShopper = message.ToShopper ? 1 : 0, sid, status, now });
    }

    // Sent only from a status below it (queued, held): a status callback that arrived first is never moved back.
    private static readonly string MarkSentSql =
        $"UPDATE messages SET delivery_status = '{DeliveryStatus.Sent}' WHERE id = @MessageId AND delivery_status IN ({string.Join(", ", Below(DeliveryStatus.Sent).Select(s => $"'{s}'"))})";

    /// <summary>Marks a message to the shopper as sent (from queued or held) once all its parts are with Twilio.</summary>
    public async Task MarkSentAsync(long messageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(MarkSentSql, new { MessageId = messageId });
    }

    public async Task MarkHeldAsync(long messageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await messages.AdvanceDeliveryStatusAsync(connection, messageId, DeliveryStatus.Held, null, Below(DeliveryStatus.Held));
    }

    /// <summary>
    /// A status callback: moves the part forward, then the message to the least advanced status of its parts (failed
    /// when any failed), never backwards. Returns the part it was about, or null for an unknown SID.
    /// </summary>
    public async Task<(long MessageId, long OutboxId, bool ToShopper)?> ApplyStatusAsync(string sid, string twilioStatus, string? errorCode, long now, CancellationToken cancellationToken)
    {
        if (ToDeliveryStatus(twilioStatus) is not { } status)
            return null;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
        var part = await connection.QuerySingleOrDefaultAsync<(long MessageId, long OutboxId, long ToShopper)?>(
            "SELECT message_id, outbox_id, to_shopper FROM twilio_parts WHERE sid = @sid", new { sid }, tx);
        if (part is not { } p)
        {
            await tx.CommitAsync(cancellationToken);
            return null;
        }
        var partStatuses = Below(status);
        await connection.ExecuteAsync(
            $"UPDATE twilio_parts SET status = @status, error_code = COALESCE(@errorCode, error_code), updated_at = @now WHERE sid = @sid AND status IN ({string.Join(", ", partStatuses.Select((_, i) => $"@s{i}"))})",
            Parameters(new { status, errorCode, now, sid }, partStatuses), tx);
        if (p.ToShopper != 0)
        {
            var statuses = (await connection.QueryAsync<string>("SELECT status FROM twilio_parts WHERE message_id = @MessageId AND outbox_id = @OutboxId", new { p.MessageId, p.OutboxId }, tx)).ToList();
            var overall = statuses.Contains(DeliveryStatus.Failed) ? DeliveryStatus.Failed : statuses.MinBy(s => Rank[s])!;
            var error = overall == DeliveryStatus.Failed && errorCode is { Length: > 0 } ? $"Twilio {twilioStatus} (error {errorCode})" : null;
            await messages.AdvanceDeliveryStatusAsync(connection, p.MessageId, overall, error, Below(overall), tx);
        }
        await tx.CommitAsync(cancellationToken);
        return (p.MessageId, p.OutboxId, p.ToShopper != 0);
    }

    private static DynamicParameters Parameters(object values, IReadOnlyList<string> statuses)
    {
        var parameters = new DynamicParameters(values);
        for (var i = 0; i < statuses.Count; i++)
            parameters.Add($"s{i}", statuses[i]);
        return parameters;
    }

    /// <summary>The outbound message a part's SID belongs to, as the outbox handed it over.</summary>
    public async Task<OutboundMessage?> OutboundOfPartAsync(string sid, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PartRow>("""
            SELECT o.id AS OutboxId, o.message_id AS MessageId, o.conversation_id AS ConversationId, o.channel AS Channel, o.address AS Address,
                   m.role AS Role, m.text AS Text, m.agent_id AS AgentId, m.created_at AS CreatedAt, p.to_shopper AS ToShopper
            FROM twilio_parts p JOIN outbox o ON o.id = p.outbox_id JOIN messages m ON m.id = p.message_id
            WHERE p.sid = @sid
            """, new { sid });
        return row is null ? null : new OutboundMessage(row.OutboxId, row.MessageId, row.ConversationId, row.Channel, row.Address,
            MessageRoles.Parse(row.Role), row.Text, row.AgentId, null, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt)) { ToShopper = row.ToShopper != 0 };
    }

    private sealed class PartRow
    {
        public long OutboxId { get; set; }
        public long MessageId { get; set; }
        public string ConversationId { get; set; } = "";
        public string Channel { get; set; } = "";
        public string Address { get; set; } = "";
        public string Role { get; set; } = "";
        public string Text { get; set; } = "";
        public string? AgentId { get; set; }
        public long CreatedAt { get; set; }
        public long ToShopper { get; set; }
    }

    /// <summary>The shopper wrote at <paramref name="at"/>: their window runs 24 h from the latest such message.</summary>
    public async Task TouchWindowAsync(string address, long at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO twilio_windows (address, last_inbound_at) VALUES (@address, @at)
            ON CONFLICT (address) DO UPDATE SET last_inbound_at = excluded.last_inbound_at WHERE twilio_windows.last_inbound_at < excluded.last_inbound_at
            """, new { address, at });
    }

    public async Task<(long LastInboundAt, long? TemplateSentAt)?> WindowAsync(string address, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<(long, long?)?>(
            "SELECT last_inbound_at, template_sent_at FROM twilio_windows WHERE address = @address", new { address });
    }

    /// <summary>Twilio says the window is closed (63016) although our record says open: from now on it is closed.</summary>
    public async Task CloseWindowAsync(string address, long closedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE twilio_windows SET last_inbound_at = @closedAt WHERE address = @address AND last_inbound_at > @closedAt", new { address, closedAt });
    }

    public async Task MarkTemplateSentAsync(string address, long at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO twilio_windows (address, last_inbound_at, template_sent_at) VALUES (@address, 0, @at)
            ON CONFLICT (address) DO UPDATE SET template_sent_at = @at
            """, new { address, at });
    }

    public async Task<bool> HasHeldAsync(string address, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM twilio_held WHERE address = @address AND released_at IS NULL", new { address }) > 0;
    }

    /// <summary>Holds a reply; false when this outbox row was held before.</summary>
    public async Task<bool> TryHoldAsync(OutboundMessage m, string reason, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("""
            INSERT INTO twilio_held (outbox_id, message_id, conversation_id, channel, address, reason, held_at)
            VALUES (@OutboxId, @MessageId, @ConversationId, @Channel, @Address, @reason, @now)
            ON CONFLICT DO NOTHING
            """, new { m.OutboxId, m.MessageId, m.ConversationId, m.Channel, m.Address, reason, now }) == 1;
    }

    /// <summary>Queues every reply held for <paramref name="address"/> again, in order, in one transaction. Returns how many.</summary>
    public async Task<int> ReleaseAsync(string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
        var held = (await connection.QueryAsync<HeldReply>(
            "SELECT id AS Id, message_id AS MessageId, conversation_id AS ConversationId, channel AS Channel, address AS Address FROM twilio_held WHERE address = @address AND released_at IS NULL ORDER BY id",
            new { address }, tx)).ToList();
        foreach (var h in held)
        {
            await connection.ExecuteAsync("UPDATE twilio_held SET released_at = @now WHERE id = @Id", new { h.Id, now = now.ToUnixTimeMilliseconds() }, tx);
            await outbox.EnqueueAsync(connection, tx, h.MessageId, h.ConversationId, h.Channel, h.Address, now);
        }
        await tx.CommitAsync(cancellationToken);
        return held.Count;
    }
}

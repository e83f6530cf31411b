using System.Data.Common;
using Dapper;
using Handover.Persistence;

namespace Handover.Messages;

/// <summary>A message about to be stored. Outbound ones (to the shopper) also get an outbox row in the same transaction.</summary>
public sealed record NewMessage(
    string ConversationId,
    MessageRole Role,
    string Text,
    string Channel,
    DateTimeOffset At,
    string? AgentId = null,
    bool Internal = false,
    string? ProviderMessageId = null,
    bool LackOfInformation = false,
    double? Confidence = null,
    string? DeliveryStatus = null)
{
    /// <summary>A card sent with the message (an Adaptive Card as JSON), rendered by channels that can.</summary>
    public string? AttachmentJson { get; init; }

    /// <summary>An agent's key for this post: unique per agent, so the same post delivered twice is stored once.</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>What an agent's earlier post with an idempotency key was: to tell a replay from a key used for something else.</summary>
public sealed record KeyedPost(string ConversationId, string Text, bool Internal);

public sealed class MessageStore
{
    private const string Columns = """
        id AS Id, conversation_id AS ConversationId, role AS Role, text AS Text, agent_id AS AgentId, internal AS Internal,
        delivery_status AS DeliveryStatus, delivery_error AS DeliveryError, created_at AS CreatedAt,
        lack_of_information AS LackOfInformation, confidence AS Confidence
        """;

    /// <summary>
    /// Inserts the message; insert-or-ignore on (channel, provider id) for an inbound one with a provider id, and on
    /// (agent, idempotency key) for an agent's keyed post: null means it was already stored (a duplicate), and nothing
    /// was written.
    /// </summary>
    public async Task<long?> TryInsertAsync(DbConnection connection, DbTransaction tx, NewMessage m) =>
        await connection.QuerySingleOrDefaultAsync<long?>("""
            INSERT INTO messages (conversation_id, role, text, agent_id, internal, channel, provider_message_id, lack_of_information, confidence, delivery_status, created_at, attachment_json, idempotency_key)
            VALUES (@ConversationId, @Role, @Text, @AgentId, @Internal, @Channel, @ProviderMessageId, @LackOfInformation, @Confidence, @DeliveryStatus, @At, @AttachmentJson, @IdempotencyKey)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            new
            {
                m.ConversationId, Role = m.Role.ToWire(), m.Text, m.AgentId, Internal = m.Internal ? 1 : 0, m.Channel, m.ProviderMessageId,
                LackOfInformation = m.LackOfInformation ? 1 : 0, m.Confidence, m.DeliveryStatus, At = m.At.ToUnixMs(), m.AttachmentJson, m.IdempotencyKey,
            }, tx);

    /// <summary>The agent's earlier post with this idempotency key, or null.</summary>
    public async Task<KeyedPost?> FindKeyedPostAsync(DbConnection connection, string agentId, string idempotencyKey, DbTransaction? tx = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(string ConversationId, string Text, long Internal)?>(
            "SELECT conversation_id, text, internal FROM messages WHERE agent_id = @agentId AND idempotency_key = @idempotencyKey",
            new { agentId, idempotencyKey }, tx);
        return row is { } r ? new KeyedPost(r.ConversationId, r.Text, r.Internal != 0) : null;
    }

    /// <summary>
    /// Moves a message's delivery status (C2) to <paramref name="status"/>, but only from one of <paramref name="replaceable"/>
    /// (the statuses it comes after), so a late or repeated callback never moves it backwards. False when it did not move.
    /// </summary>
    public async Task<bool> AdvanceDeliveryStatusAsync(
        DbConnection connection, long messageId, string status, string? error, IReadOnlyCollection<string> replaceable, DbTransaction? tx = null)
    {
        var parameters = new DynamicParameters(new { messageId, status, error });
        var names = replaceable.Select((value, i) =>
        {
            parameters.Add($"from{i}", value);
            return $"@from{i}";
        }).ToList();
        if (names.Count == 0)
            return false;
        return await connection.ExecuteAsync(
            $"UPDATE messages SET delivery_status = @status, delivery_error = COALESCE(@error, delivery_error) WHERE id = @messageId AND delivery_status IN ({string.Join(", ", names)})",
            parameters, tx) == 1;
    }

    /// <summary>Selects the message stored under @channel/@providerMessageId; a statement of a batch too.</summary>
    internal const string ByProviderIdSql = "SELECT conversation_id, id FROM messages WHERE channel = @channel AND provider_message_id = @providerMessageId";

    /// <summary>
    /// Selects the last @lastN messages, oldest first, of the conversation <paramref name="conversationIdSql"/> names
    /// (a parameter or a subquery); a statement of a batch (see InboundPipeline).
    /// </summary>
    internal static string RecentSql(string conversationIdSql) =>
        $"SELECT * FROM (SELECT {Columns} FROM messages WHERE conversation_id = {conversationIdSql} ORDER BY id DESC LIMIT @lastN) recent ORDER BY Id";

    public async Task<(string ConversationId, long MessageId)?> FindByProviderIdAsync(DbConnection connection, string channel, string providerMessageId) =>
        await connection.QuerySingleOrDefaultAsync<(string, long)?>(ByProviderIdSql, new { channel, providerMessageId });

    /// <summary>Reads the result of <see cref="ByProviderIdSql"/> from a batch.</summary>
    internal static Task<(string ConversationId, long MessageId)?> ReadByProviderIdAsync(SqlMapper.GridReader batch) =>
        batch.ReadSingleOrDefaultAsync<(string, long)?>();

    /// <summary>Reads the result of <see cref="RecentSql"/> from a batch.</summary>
    internal static async Task<IReadOnlyList<StoredMessage>> ReadRecentAsync(SqlMapper.GridReader batch) =>
        (await batch.ReadAsync<Row>()).Select(r => r.ToView()).ToList();

    public async Task<IReadOnlyList<StoredMessage>> ListAsync(DbConnection connection, string conversationId, int? lastN = null)
    {
        var sql = lastN is null
            ? $"SELECT {Columns} FROM messages WHERE conversation_id = @conversationId ORDER BY id"
            : RecentSql("@conversationId");
        var rows = await connection.QueryAsync<Row>(sql, new { conversationId, lastN });
        return rows.Select(r => r.ToView()).ToList();
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string ConversationId { get; set; } = "";
        public string Role { get; set; } = "";
        public string Text { get; set; } = "";
        public string? AgentId { get; set; }
        public long Internal { get; set; }
        public string? DeliveryStatus { get; set; }
        public string? DeliveryError { get; set; }
        public long CreatedAt { get; set; }
        public long LackOfInformation { get; set; }
        public double? Confidence { get; set; }

        public StoredMessage ToView() => new(
            Id, ConversationId, MessageRoles.Parse(Role), Text, AgentId, Internal != 0, DeliveryStatus, DeliveryError, Clock.FromUnixMs(CreatedAt),
            LackOfInformation != 0, Confidence);
    }
}

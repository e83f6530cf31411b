using System.Data.Common;
using Dapper;
using Handover.Persistence;

namespace Handover.Conversations;

/// <summary>Conversations and their transition log. State changes only by compare-and-set on <c>version</c>.</summary>
public sealed partial class ConversationStore
{
    /// <summary>Every column, named as <see cref="Row"/> reads them; also the one-statement turn's RETURNING list.</summary>
    internal const string Columns = """
        id AS Id, bot_id AS BotId, channel AS Channel, address AS Address, shopper_id AS ShopperId, shopper_name AS ShopperName,
        status AS Status, controller AS Controller, agent_id AS AgentId, version AS Version,
        handover_trigger AS HandoverTrigger, handover_rule AS HandoverRule, handover_evidence AS HandoverEvidence,
        handover_confidence AS HandoverConfidence, ever_handed_over AS EverHandedOver, started_on_page AS StartedOnPage,
        created_at AS CreatedAt, updated_at AS UpdatedAt, last_message_at AS LastMessageAt, dialog_state AS DialogState,
        escalation_trigger AS EscalationTrigger, escalation_rule AS EscalationRule, escalation_evidence AS EscalationEvidence,
        escalation_confidence AS EscalationConfidence
        """;

    public async Task<Conversation?> GetAsync(DbConnection connection, string id, DbTransaction? tx = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM conversations WHERE id = @id", new { id }, tx);
        return row?.ToConversation();
    }

    /// <summary>Selects the current conversation at @channel/@address; a statement of a batch (see InboundPipeline).</summary>
    internal const string CurrentSql = $"SELECT {Columns} FROM conversations WHERE channel = @channel AND address = @address AND is_current = 1";

    /// <summary>The conversation new messages at this channel address belong to, if any.</summary>
    public async Task<Conversation?> FindCurrentAsync(DbConnection connection, string channel, string address, DbTransaction? tx = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(CurrentSql, new { channel, address }, tx);
        return row?.ToConversation();
    }

    /// <summary>Reads the result of <see cref="CurrentSql"/> from a batch.</summary>
    internal static async Task<Conversation?> ReadCurrentAsync(SqlMapper.GridReader batch) =>
        (await batch.ReadSingleOrDefaultAsync<Row>())?.ToConversation();

    public async Task<IReadOnlyList<Conversation>> ListAsync(DbConnection connection, ConversationQuery query)
    {
        var where = new List<string>();
        switch (query.View)
        {
            case ConversationView.Ai: where.Add("status = 'open' AND controller = 'ai'"); break;
            case ConversationView.Waiting: where.Add("status = 'open' AND controller = 'waiting'"); break;
            case ConversationView.Mine: where.Add("status = 'open' AND controller = 'human' AND agent_id = @AgentId"); break;
            case ConversationView.Resolved: where.Add("status = 'resolved'"); break;
            case ConversationView.Open: where.Add("status = 'open'"); break;
            case ConversationView.All: break;
        }
        if (query.Channel is not null)
            where.Add("channel = @Channel");
        if (query.Address is not null)
            where.Add("address = @Address");
        var sql = $"SELECT {Columns} FROM conversations {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY last_message_at DESC, id LIMIT @Limit";
        var rows = await connection.QueryAsync<Row>(sql, query);
        return rows.Select(r => r.ToConversation()).ToList();
    }

    /// <summary>Inserts a new current conversation; false when another one is already current at that address.</summary>
    public async Task<bool> TryInsertAsync(DbConnection connection, DbTransaction tx, Conversation c)
    {
        var rows = await connection.ExecuteAsync("""
            INSERT INTO conversations (id, bot_id, channel, address, is_current, shopper_id, shopper_name, status, controller, agent_id, version,
                ever_handed_over, started_on_page, created_at, updated_at, last_message_at)
            VALUES (@Id, @BotId, @Channel, @Address, 1, @ShopperId, @ShopperName, @Status, @Controller, @AgentId, @Version,
                0, @StartedOnPage, @CreatedAt, @UpdatedAt, @LastMessageAt)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                c.Id, c.BotId, c.Channel, c.Address, c.ShopperId, c.ShopperName,
                Status = Wire.Status(c.State.Status), Controller = Wire.Controller(c.State.Controller), c.State.AgentId, c.Version,
                c.StartedOnPage, CreatedAt = c.CreatedAt.ToUnixMs(), UpdatedAt = c.UpdatedAt.ToUnixMs(), LastMessageAt = c.LastMessageAt.ToUnixMs(),
            }, tx);
        return rows == 1;
    }

    /// <summary>
    /// Writes <paramref name="next"/> only if the stored version is still <paramref name="expectedVersion"/>.
    /// False means someone else changed the conversation first: reload and decide again.
    /// </summary>
    public async Task<bool> CompareAndSetAsync(
        DbConnection connection, DbTransaction tx, string id, long expectedVersion, ConversationState next,
        HandoverReason? reason, DateTimeOffset now, bool touchLastMessage, string? shopperName = null,
        bool writeDialogState = false, string? dialogState = null)
    {
        // The dialogs' state rides on the same UPDATE when the turn changed it: one round trip fewer per message.
        var parameters = new PlainParameters();
        parameters.Add("Id", id);
        parameters.Add("ExpectedVersion", expectedVersion);
        var set = CompareAndSetAssignments(parameters, next, reason, now, touchLastMessage, shopperName, writeDialogState, dialogState);
        var rows = await connection.ExecuteAsync($"UPDATE conversations SET {set} WHERE id = @Id AND version = @ExpectedVersion", parameters, tx);
        return rows == 1;
    }

    /// <summary>
    /// The SET list of a compare-and-set (the new state, version + 1, and what else the change writes), with its
    /// parameters added to <paramref name="p"/>; also used inside the one-statement turn (Pipeline/OneStatementTurn).
    /// </summary>
    internal static string CompareAndSetAssignments(
        PlainParameters p, ConversationState next, HandoverReason? reason, DateTimeOffset now, bool touchLastMessage,
        string? shopperName, bool writeDialogState, string? dialogState, HandoverReason? escalation = null)
    {
        p.Add("Status", Wire.Status(next.Status));
        p.Add("Controller", Wire.Controller(next.Controller));
        p.Add("AgentId", next.AgentId);
        p.Add("Now", now.ToUnixMs());
        var set = new System.Text.StringBuilder("status = @Status, controller = @Controller, agent_id = @AgentId, version = version + 1, updated_at = @Now");
        if (touchLastMessage)
            set.Append(", last_message_at = @Now");
        if (reason is not null)
        {
            set.Append(", handover_trigger = @Trigger, handover_rule = @Rule, handover_evidence = @Evidence, handover_confidence = @Confidence, ever_handed_over = 1");
            AddReason("", reason);
        }
        if (shopperName is not null)
        {
            set.Append(", shopper_name = @ShopperName");
            p.Add("ShopperName", shopperName);
        }
        if (writeDialogState)
        {
            set.Append(", dialog_state = @DialogState");
            p.Add("DialogState", dialogState);
        }
        if (escalation is not null)
        {
            set.Append(", escalation_trigger = @EscTrigger, escalation_rule = @EscRule, escalation_evidence = @EscEvidence, escalation_confidence = @EscConfidence");
            AddReason("Esc", escalation);
        }
        return set.ToString();

        void AddReason(string prefix, HandoverReason r)
        {
            p.Add(prefix + "Trigger", r.Trigger);
            p.Add(prefix + "Rule", r.Rule);
            p.Add(prefix + "Evidence", r.Evidence);
            p.Add(prefix + "Confidence", r.Confidence);
        }
    }

    /// <summary>
    /// Writes the dialogs' state, in the transaction whose compare-and-set already owns this conversation's version.
    /// </summary>
    public Task SetDialogStateAsync(DbConnection connection, DbTransaction tx, string id, string? dialogState) =>
        connection.ExecuteAsync("UPDATE conversations SET dialog_state = @dialogState WHERE id = @id", new { id, dialogState }, tx);

    /// <summary>Flags a Semi-automate escalation suggestion (T7), in the transaction that owns the conversation's version.</summary>
    public Task SetEscalationAsync(DbConnection connection, DbTransaction tx, string id, HandoverReason reason) =>
        connection.ExecuteAsync(
            "UPDATE conversations SET escalation_trigger = @Trigger, escalation_rule = @Rule, escalation_evidence = @Evidence, escalation_confidence = @Confidence WHERE id = @id",
            new { id, reason.Trigger, reason.Rule, reason.Evidence, reason.Confidence }, tx);

    /// <summary>Marks a conversation as no longer current at its address (a fresh one starts there), by compare-and-set.</summary>
    public async Task<bool> RetireAsync(DbConnection connection, DbTransaction tx, string id, long expectedVersion, DateTimeOffset now) =>
        await connection.ExecuteAsync(
            "UPDATE conversations SET is_current = 0, version = version + 1, updated_at = @Now WHERE id = @id AND version = @expectedVersion AND is_current = 1",
            new { id, expectedVersion, Now = now.ToUnixMs() }, tx) == 1;

    public Task AppendEventAsync(DbConnection connection, DbTransaction tx, ConversationEvent e) =>
        connection.ExecuteAsync("""
            INSERT INTO conversation_events (conversation_id, verb, actor, from_state, to_state, reason_trigger, reason_rule, reason_evidence, reason_confidence, note, at)
            VALUES (@ConversationId, @Verb, @Actor, @FromState, @ToState, @Trigger, @Rule, @Evidence, @Confidence, @Note, @At)
            """,
            new
            {
                e.ConversationId, Verb = e.Verb.ToString(), e.Actor, FromState = e.From, ToState = e.To,
                e.Reason?.Trigger, e.Reason?.Rule, e.Reason?.Evidence, e.Reason?.Confidence, e.Note, At = e.At.ToUnixMs(),
            }, tx);

    private const string EventColumns = """
        e.id AS Id, e.conversation_id AS ConversationId, e.verb AS Verb, e.actor AS Actor, e.from_state AS FromState, e.to_state AS ToState,
        e.reason_trigger AS Trigger, e.reason_rule AS Rule, e.reason_evidence AS Evidence, e.reason_confidence AS Confidence, e.note AS Note, e.at AS At,
        c.bot_id AS BotId
        """;

    public async Task<IReadOnlyList<ConversationEvent>> EventsAsync(DbConnection connection, string conversationId)
    {
        var rows = await connection.QueryAsync<EventRow>(
            $"SELECT {EventColumns} FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id WHERE e.conversation_id = @conversationId ORDER BY e.id",
            new { conversationId });
        return rows.Select(r => r.ToEvent()).ToList();
    }

    /// <summary>The event log after <paramref name="afterId"/>, oldest first: what a durable subscriber reads next.</summary>
    public async Task<IReadOnlyList<ConversationEvent>> EventsAfterAsync(DbConnection connection, long afterId, int limit, DbTransaction? tx = null)
    {
        var rows = await connection.QueryAsync<EventRow>(
            $"SELECT {EventColumns} FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id WHERE e.id > @afterId ORDER BY e.id LIMIT @limit",
            new { afterId, limit }, tx);
        return rows.Select(r => r.ToEvent()).ToList();
    }

    public async Task<IReadOnlyList<string>> TagsAsync(DbConnection connection, string conversationId) =>
        (await connection.QueryAsync<string>("SELECT tag FROM conversation_tags WHERE conversation_id = @conversationId ORDER BY tag", new { conversationId })).ToList();

    internal sealed class Row
    {
        public string Id { get; set; } = "";
        public string BotId { get; set; } = "";
        public string Channel { get; set; } = "";
        public string Address { get; set; } = "";
        public string ShopperId { get; set; } = "";
        public string? ShopperName { get; set; }
        public string Status { get; set; } = "";
        public string Controller { get; set; } = "";
        public string? AgentId { get; set; }
        public long Version { get; set; }
        public string? HandoverTrigger { get; set; }
        public string? HandoverRule { get; set; }
        public string? HandoverEvidence { get; set; }
        public double? HandoverConfidence { get; set; }
        public long EverHandedOver { get; set; }
        public string? StartedOnPage { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public long LastMessageAt { get; set; }
        public string? DialogState { get; set; }
        public string? EscalationTrigger { get; set; }
        public string? EscalationRule { get; set; }
        public string? EscalationEvidence { get; set; }
        public double? EscalationConfidence { get; set; }

        public Conversation ToConversation() => new(
            Id, BotId, Channel, Address, ShopperId, ShopperName,
            new ConversationState(Wire.ParseStatus(Status), Wire.ParseController(Controller), AgentId),
            Version,
            HandoverTrigger is null ? null : new HandoverReason(HandoverTrigger, HandoverRule, HandoverEvidence, HandoverConfidence ?? 0),
            EverHandedOver != 0, StartedOnPage,
            Clock.FromUnixMs(CreatedAt), Clock.FromUnixMs(UpdatedAt), Clock.FromUnixMs(LastMessageAt))
        {
            DialogState = DialogState,
            EscalationSuggested = EscalationTrigger is null ? null : new HandoverReason(EscalationTrigger, EscalationRule, EscalationEvidence, EscalationConfidence ?? 0),
        };
    }

    private sealed class EventRow
    {
        public long Id { get; set; }
        public string? BotId { get; set; }
        public string ConversationId { get; set; } = "";
        public string Verb { get; set; } = "";
        public string Actor { get; set; } = "";
        public string? FromState { get; set; }
        public string ToState { get; set; } = "";
        public string? Trigger { get; set; }
        public string? Rule { get; set; }
        public string? Evidence { get; set; }
        public double? Confidence { get; set; }
        public string? Note { get; set; }
        public long At { get; set; }

        public ConversationEvent ToEvent() => new(
            ConversationId, Enum.Parse<ConversationVerb>(Verb), Actor, FromState, ToState,
            Trigger is null ? null : new HandoverReason(Trigger, Rule, Evidence, Confidence ?? 0), Note, Clock.FromUnixMs(At))
        {
            Id = Id,
            BotId = BotId,
        };
    }
}

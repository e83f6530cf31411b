using System.Data.Common;
using Dapper;
using Handover.Assistant;
using Handover.Bots;
using Handover.Conversations;
using Handover.Messages;
using Handover.Outbox;
using Handover.Persistence;
using Handover.Triggers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handover.Pipeline;

/// <summary>
/// inbound -> dedupe -> persist -> route. One transaction stores the shopper's message, the conversation's new
/// state (compare-and-set), the transition events and every reply with its outbox row; the outbox worker delivers.
/// A duplicate (same channel and provider id) changes nothing. A lost compare-and-set race is decided again.
/// </summary>
public sealed class InboundPipeline(
    Database database,
    ConversationStore conversations,
    MessageStore messages,
    MessageDelivery delivery,
    OutboxSignal outboxSignal,
    AfterCommitDelivery afterCommit,
    IOptions<OutboxOptions> outboxOptions,
    ConversationFeed feed,
    IAssistantTurn assistant,
    ConversationLocks locks,
    IOptionsMonitor<BotsOptions> bots,
    TimeProvider time,
    ILogger<InboundPipeline> logger,
    IEnumerable<IAiGate> gates,
    WarmTurns warmTurns) : IInboundPipeline
{
    private readonly IAiGate[] _gates = gates.ToArray();
    private const string CurrentIdSql = "(SELECT id FROM conversations WHERE channel = @channel AND address = @address AND is_current = 1)";

    private const int MaxRaces = 20;
    private const int HistoryTurns = 10;

    public async Task<InboundResult> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        Validate(message);
        var key = WarmTurns.Key(message.Channel, message.Address);
        using var turn = await locks.AcquireAsync(key, cancellationToken);
        for (var race = 0; race < MaxRaces; race++)
        {
            var accepted = await TryAcceptAsync(message, key, cancellationToken);
            if (accepted is { Result: var outcome })
            {
                if (!outcome.Duplicate)
                {
                    afterCommit.Enqueue(accepted.Claimed);
                    if (accepted.LeftToWorker)
                        outboxSignal.Notify();
                    feed.Publish(outcome.ConversationId, outcome.EventsAppended);
                }
                return outcome;
            }
            logger.LogDebug("Conversation at {Channel}/{Address} changed under message {ProviderId}; deciding again", message.Channel, message.Address, message.ProviderMessageId);
        }
        throw new InvalidOperationException($"Message {message.ProviderMessageId} lost {MaxRaces} compare-and-set races in a row.");
    }

    private static void Validate(InboundMessage m)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(m.BotId);
        ArgumentException.ThrowIfNullOrWhiteSpace(m.Channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(m.Address);
        ArgumentException.ThrowIfNullOrWhiteSpace(m.ProviderMessageId);
        if (m.Text.Length > MessageLimits.MaxTextLength)
            throw new ArgumentException($"Message text is longer than {MessageLimits.MaxTextLength} characters.", nameof(m));
    }

    /// <summary>
    /// A stored turn: its result, the outbox rows it claimed to send after the commit, and whether it queued rows that only
    /// the worker will send.
    /// </summary>
    private sealed record Accepted(InboundResult Result, IReadOnlyList<ClaimedOutbound> Claimed, bool LeftToWorker)
    {
        public static Accepted Duplicate(string conversationId, long messageId) => new(new InboundResult(conversationId, messageId, Duplicate: true), [], false);
    }

    /// <summary>One attempt; null when a concurrent change won the race.</summary>
    private async Task<Accepted?> TryAcceptAsync(InboundMessage m, string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = bots.CurrentValue.For(m.BotId);
        // The last turn at this address, remembered by this node: its statement checks what it assumes (see WarmTurns).
        var warm = database.IsPostgres ? warmTurns.Take(key) : null;
        Conversation? current;
        IReadOnlyList<RecentMessage> recent;
        List<long> gateReads;
        if (warm is not null)
        {
            (current, recent, gateReads) = (warm.Conversation, warm.Recent, [.. warm.GateReads]);
        }
        else
        {
            gateReads = new List<long>(_gates.Length);
            // Read, then let the connection go: the AI's turn may take seconds (an LLM) and must not hold a pooled connection.
            // The three reads go as one batch: one round trip instead of three, on the path every message takes.
            await using var reader = await database.OpenAsync(cancellationToken);
            await using var batch = await reader.QueryMultipleAsync(_readBatchSql ??= ReadBatchSql(), new { channel = m.Channel, address = m.Address, providerMessageId = m.ProviderMessageId, lastN = HistoryTurns, now = now.ToUnixMs() });
            if (await MessageStore.ReadByProviderIdAsync(batch) is { } seen)
                return Accepted.Duplicate(seen.ConversationId, seen.MessageId);
            current = await ConversationStore.ReadCurrentAsync(batch);
            recent = (await MessageStore.ReadRecentAsync(batch)).Select(RecentMessage.Of).ToList();
            foreach (var _ in _gates)
                gateReads.Add(await batch.ReadSingleAsync<long>());
        }
        IReadOnlyList<ContextTurn> history =
            current is { State.Controller: Controller.Ai } && !(current.State.Status == ConversationStatus.Resolved && settings.AfterResolve == AfterResolve.FreshConversation)
                ? ToContext(recent)
                : [];
        var retired = current is { State.Status: ConversationStatus.Resolved } && settings.AfterResolve == AfterResolve.FreshConversation ? current : null;
        var isNew = current is null || retired is not null;
        var conversation = isNew ? Start(m, now) : current!;

        var events = new List<ConversationEvent>();
        if (isNew)
            events.Add(new ConversationEvent(conversation.Id, ConversationVerb.Started, "shopper", null, conversation.State.ToString(), null, null, now));
        var state = conversation.State;
        if (ConversationStateMachine.ShopperWrites(state) is TransitionResult.Changed reopened)
        {
            events.Add(Event(conversation.Id, reopened, "shopper", null, now));
            state = reopened.To;
        }

        var plan = await PlanTurnAsync(conversation, state, isNew ? [] : history, isNew, gateReads, m, settings, now, cancellationToken);
        if (plan.Transition is { } decided)
        {
            events.Add(Event(conversation.Id, decided, decided.Verb == ConversationVerb.Resolved ? "shopper" : "ai", plan.Reason, now));
            state = decided.To;
        }
        if (plan.Escalation is { } escalation)
            events.Add(new ConversationEvent(conversation.Id, ConversationVerb.EscalationSuggested, "ai", state.ToString(), state.ToString(), escalation, null, now));

        var nameChanged = m.ShopperName is { Length: > 0 } name && name != conversation.ShopperName ? m.ShopperName : null;
        var inbound = new NewMessage(conversation.Id, MessageRole.Shopper, m.Text, m.Channel, now, ProviderMessageId: m.ProviderMessageId);
        var claims = outboxOptions.Value.SendAfterCommit ? new TurnClaims(now + outboxOptions.Value.LockDuration) : null;
        if (database.IsPostgres && !isNew)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            // The common turn, on an existing conversation over the network: one statement instead of six round trips.
            var turn = new OneStatementTurn.Turn(conversation, state, plan.Reason, nameChanged, plan.DialogState is not null, plan.DialogState?.Json,
                plan.Escalation, inbound, plan.Replies, events, now)
            {
                ClaimUntil = claims?.LockedUntil,
                // The AI's inputs (its history and the gates) came from memory: the statement checks they still hold.
                Assumed = warm is not null && state is { Controller: Controller.Ai, Status: ConversationStatus.Open }
                    ? new OneStatementTurn.AssumedInputs(recent.Select(r => r.Id).ToArray(), HistoryTurns, GateReadsById(gateReads))
                    : null,
            };
            OneStatementTurn.Written one;
            try
            {
                one = await OneStatementTurn.WriteAsync(connection, turn);
            }
            catch (DbException e) when (e.SqlState == OneStatementTurn.AbortedState)
            {
                return null; // stored by a concurrent delivery: the next attempt reads it as a duplicate
            }
            if (one.StoredId is not { } storedId)
                return null;
            Remember(key, one, recent, gateReads, [inbound, .. plan.Replies]);
            // Without a claim time the statement claims nothing, so this is empty when sending after commit is off.
            return new Accepted(
                new InboundResult(conversation.Id, storedId, Duplicate: false) { EventsAppended = events.Count > 0, AiDrives = state.Controller == Controller.Ai },
                TurnClaims.ToOutbound(one.Claimed, conversation.Id, ByStoredId(one.MessageIds, [inbound, .. plan.Replies])),
                LeftToWorker: one.Queued > one.Claimed.Count);
        }

        // The turn's writes in one transaction (on SQLite, sharing it with the turns that arrive alongside, each in a savepoint).
        var duplicate = false;
        var written = await database.WriteAsync(async (connection, tx) =>
        {
            if (retired is not null && !await conversations.RetireAsync(connection, tx, retired.Id, retired.Version, now))
                return null;
            if (isNew && !await conversations.TryInsertAsync(connection, tx, conversation))
                return null;

            var mirrors = isNew ? [] : await delivery.MirrorsAsync(connection, tx, conversation.Id);
            var inboundId = await delivery.StoreAsync(connection, tx, conversation, inbound, mirrors, now, claims: claims);
            if (inboundId is null)
            {
                duplicate = true; // inserted by a concurrent delivery of the same message between our check and now
                return null;
            }
            var storedMessages = new Dictionary<long, NewMessage> { [inboundId.Value] = inbound };

            if (!await conversations.CompareAndSetAsync(connection, tx, conversation.Id, conversation.Version, state, plan.Reason, now, touchLastMessage: true, nameChanged,
                    writeDialogState: plan.DialogState is not null, dialogState: plan.DialogState?.Json))
                return null;
            if (plan.Escalation is { } suggested)
                await conversations.SetEscalationAsync(connection, tx, conversation.Id, suggested);
            foreach (var e in events)
                await conversations.AppendEventAsync(connection, tx, e);
            foreach (var reply in plan.Replies)
            {
                if (await delivery.StoreAsync(connection, tx, conversation, reply, mirrors, now, claims: claims) is { } replyId)
                    storedMessages[replyId] = reply;
            }
            return new TurnWrite(inboundId.Value, storedMessages);
        }, cancellationToken);

        if (written is null)
        {
            if (!duplicate)
                return null;
            await using var connection = await database.OpenAsync(cancellationToken);
            var existing = await messages.FindByProviderIdAsync(connection, m.Channel, m.ProviderMessageId);
            return existing is { } e ? Accepted.Duplicate(e.ConversationId, e.MessageId) : null;
        }
        return new Accepted(
            new InboundResult(conversation.Id, written.InboundId, Duplicate: false) { EventsAppended = events.Count > 0, AiDrives = state.Controller == Controller.Ai },
            claims?.ToOutbound(conversation.Id, written.Stored) ?? [],
            LeftToWorker: claims is null || claims.Queued > claims.Rows.Count);
    }

    /// <summary>
    /// Keeps what the next turn at this address would read, when the AI still drives the conversation: the conversation
    /// as the statement left it, the last messages with this turn's added, and the gates' reads (checked when used).
    /// </summary>
    private void Remember(string key, OneStatementTurn.Written one, IReadOnlyList<RecentMessage> recent, List<long> gateReads, IReadOnlyList<NewMessage> written)
    {
        if (one.After is not { State: { Controller: Controller.Ai, Status: ConversationStatus.Open } } after || one.MessageIds.Length != written.Count)
            return;
        var latest = recent.Concat(one.MessageIds.Select((id, i) => RecentMessage.Of(id, written[i])))
            .OrderBy(r => r.Id)
            .TakeLast(HistoryTurns)
            .ToList();
        warmTurns.Remember(key, new WarmTurns.Entry(after, latest, [.. gateReads]));
    }

    private string[]? _gateSqlById;

    /// <summary>Each gate's query about the conversation the turn's statement names (@Id), with what it read.</summary>
    private OneStatementTurn.GateRead[] GateReadsById(List<long> reads)
    {
        _gateSqlById ??= _gates.Select(g => g.ReadSql("@Id")).ToArray();
        return reads.Select((read, i) => new OneStatementTurn.GateRead(_gateSqlById[i], read)).ToArray();
    }

    /// <summary>What a turn's transaction stored: the shopper's message id, and every stored message by its id.</summary>
    private sealed record TurnWrite(long InboundId, Dictionary<long, NewMessage> Stored);

    /// <summary>The turn's messages by the ids the one-statement turn gave them (in order: the shopper's, then the replies).</summary>
    private static Dictionary<long, NewMessage> ByStoredId(long[] ids, IReadOnlyList<NewMessage> inOrder)
    {
        var byId = new Dictionary<long, NewMessage>(ids.Length);
        for (var i = 0; i < ids.Length && i < inOrder.Count; i++)
            byId[ids[i]] = inOrder[i];
        return byId;
    }

    /// <summary>The dialogs' new state; a wrapper so "write null" differs from "leave as is".</summary>
    private sealed record DialogStateUpdate(string? Json);

    private sealed record TurnPlan(
        TransitionResult.Changed? Transition, HandoverReason? Reason, IReadOnlyList<NewMessage> Replies,
        DialogStateUpdate? DialogState = null, HandoverReason? Escalation = null);

    /// <summary>What the bot does with this message: nothing (a human or the queue has it), or what its dialogs decide.</summary>
    private async Task<TurnPlan> PlanTurnAsync(
        Conversation conversation, ConversationState state, IReadOnlyList<ContextTurn> history, bool isNew, List<long> gateReads,
        InboundMessage m, BotSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // L2: the AI never answers while a human controls the conversation or while it waits for one.
        if (state.Controller != Controller.Ai || state.Status != ConversationStatus.Open)
            return new TurnPlan(null, null, []);

        for (var i = 0; i < _gates.Length; i++)
        {
            if (await _gates[i].CheckAsync(conversation, isNew, gateReads[i], cancellationToken) is not { } hold)
                continue;
            if (hold.HandOverWith is { } why && ConversationStateMachine.HandOverToQueue(state) is TransitionResult.Changed held)
                return new TurnPlan(held, why, [Reply(conversation, MessageRole.System, settings.HandingOverNotice, now)]);
            return new TurnPlan(null, null, []);
        }

        var decision = await assistant.DecideAsync(
            new AssistantTurnContext(m.BotId, conversation.Id, m.Text, m.ValueJson, history, isNew ? null : conversation.DialogState), cancellationToken);

        var replies = decision.Replies
            .Select(r => Reply(conversation, MessageRole.Ai, r.Text, now) with { LackOfInformation = r.LackOfInformation, Confidence = r.Confidence })
            .ToList();
        var dialogState = new DialogStateUpdate(decision.DialogState);
        if (decision.HandOver is { } reason && ConversationStateMachine.HandOverToQueue(state) is TransitionResult.Changed handOver)
        {
            replies.Add(Reply(conversation, MessageRole.System, settings.HandingOverNotice, now));
            return new TurnPlan(handOver, reason, replies, dialogState);
        }
        if (decision.Close && ConversationStateMachine.CloseByShopper(state) is TransitionResult.Changed close)
            return new TurnPlan(close, null, replies, dialogState);
        return new TurnPlan(null, null, replies, dialogState, decision.EscalationSuggested);
    }

    private string? _readBatchSql;

    /// <summary>
    /// Has the message been stored before; the current conversation at its address; that one's last turns; what each
    /// AI gate reads about it. One batch: one round trip on the path every message takes.
    /// </summary>
    private string ReadBatchSql() => string.Join(";\n",
        new[] { MessageStore.ByProviderIdSql, ConversationStore.CurrentSql, MessageStore.RecentSql(CurrentIdSql) }
            .Concat(_gates.Select(g => g.ReadSql(CurrentIdSql))));

    private static List<ContextTurn> ToContext(IReadOnlyList<RecentMessage> recent) =>
        recent.Where(x => !x.Internal).Select(x => new ContextTurn(x.Role.ToWire(), x.Text)).ToList();

    private static NewMessage Reply(Conversation c, MessageRole role, string text, DateTimeOffset now) =>
        new(c.Id, role, text, c.Channel, now, DeliveryStatus: DeliveryStatus.Queued);

    private static Conversation Start(InboundMessage m, DateTimeOffset now) => new(
        Guid.CreateVersion7(now).ToString("N"), m.BotId, m.Channel, m.Address, m.ShopperId, m.ShopperName,
        ConversationState.New, Version: 1, HandoverReason: null, EverHandedOver: false, m.StartedOnPage, now, now, now);

    private static ConversationEvent Event(string conversationId, TransitionResult.Changed t, string actor, HandoverReason? reason, DateTimeOffset now) =>
        new(conversationId, t.Verb, actor, t.From.ToString(), t.To.ToString(), reason, null, now);
}

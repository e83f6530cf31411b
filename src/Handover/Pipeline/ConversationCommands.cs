using System.Data.Common;
using Handover.Agents;
using Handover.Bots;
using Handover.Conversations;
using Handover.Messages;
using Handover.Mirrors;
using Handover.Outbox;
using Handover.Persistence;
using Microsoft.Extensions.Options;

namespace Handover.Pipeline;

/// <summary>
/// What agents do to conversations (L3-L9): hand over, claim, reply, transfer, give back, resolve. Each command
/// reads the conversation, asks the state machine, and writes the new state by compare-and-set together with its
/// event, its messages and their outbox rows, in one transaction. A lost race is decided again on the fresh state,
/// so of N concurrent claims exactly one wins and the others are refused naming the winner.
/// </summary>
public sealed class ConversationCommands(
    Database database,
    ConversationStore conversations,
    MessageStore messages,
    MessageDelivery delivery,
    OutboxSignal outboxSignal,
    ConversationFeed feed,
    AgentStore agents,
    IOptionsMonitor<BotsOptions> bots,
    TimeProvider time,
    WarmTurns warmTurns)
{
    private const int MaxRaces = 20;

    /// <summary>The longest idempotency key a post may carry (a Twilio SID, a Teams thread and activity id, an API client's key).</summary>
    public const int MaxIdempotencyKeyLength = 400;

    /// <summary>L3 (and L9 on a resolved conversation): the agent takes it, the AI stops at once.</summary>
    public Task<CommandResult> HandOverAsync(string conversationId, Agent agent, CancellationToken cancellationToken) =>
        RunAsync(conversationId, agent, null, (c, settings, now) =>
        {
            var t = ConversationStateMachine.HandOverToAgent(c.State, ActorOf(agent));
            return Plan.Of(t, HandoverReason.ByAgent(agent.Id), Notice(c, NoticeText.WithAgent(settings.TakeoverNotice, agent.DisplayName), now));
        }, cancellationToken);

    /// <summary>L4.</summary>
    public Task<CommandResult> ClaimAsync(string conversationId, Agent agent, CancellationToken cancellationToken) =>
        RunAsync(conversationId, agent, null, (c, settings, now) =>
            Plan.Of(ConversationStateMachine.Claim(c.State, ActorOf(agent)), null, Notice(c, NoticeText.WithAgent(settings.TakeoverNotice, agent.DisplayName), now)), cancellationToken);

    /// <summary>L6.</summary>
    public Task<CommandResult> GiveBackAsync(string conversationId, Agent agent, CancellationToken cancellationToken) =>
        RunAsync(conversationId, agent, null, (c, settings, now) =>
            Plan.Of(ConversationStateMachine.GiveBack(c.State, ActorOf(agent)), null, Notice(c, settings.GiveBackNotice, now)), cancellationToken);

    /// <summary>L7.</summary>
    public Task<CommandResult> ResolveAsync(string conversationId, Agent agent, CancellationToken cancellationToken) =>
        RunAsync(conversationId, agent, null, (c, _, _) => Plan.Of(ConversationStateMachine.Resolve(c.State, ActorOf(agent)), null), cancellationToken);

    /// <summary>L8: to an online agent, with an optional note only agents see; the shopper is told who takes over.</summary>
    public async Task<CommandResult> TransferAsync(string conversationId, Agent agent, string toAgentId, string? note, CancellationToken cancellationToken)
    {
        if (note is { Length: > MessageLimits.MaxTextLength })
            return new CommandResult.Invalid($"The note is longer than {MessageLimits.MaxTextLength} characters.");
        var target = await agents.GetAsync(toAgentId, cancellationToken);
        if (target is null)
            return new CommandResult.Invalid($"There is no agent '{toAgentId}'.");
        return await RunAsync(conversationId, agent, null, (c, settings, now) =>
        {
            if (!target.Online)
                return new Plan(new TransitionResult.Refused("target_offline", $"{target.DisplayName} is offline; transfer to an online agent.", c.State), null, [], note);
            var t = ConversationStateMachine.Transfer(c.State, ActorOf(agent), target.Id);
            var replies = new List<NewMessage>();
            if (!string.IsNullOrWhiteSpace(note))
                replies.Add(new NewMessage(c.Id, MessageRole.Human, note.Trim(), c.Channel, now, AgentId: agent.Id, Internal: true));
            replies.Add(Notice(c, NoticeText.WithAgent(settings.TransferNotice, target.DisplayName), now));
            return new Plan(t, null, replies, note);
        }, cancellationToken);
    }

    /// <summary>
    /// A message from an agent: to the shopper (only the agent in charge of an open conversation), or an internal
    /// note (any agent, any time) that only agents see. <paramref name="origin"/> is the agent-side mirror it was
    /// written in (a Teams thread ...), which does not get it echoed back.
    /// <para>
    /// <paramref name="idempotencyKey"/> names this post among all of the agent's posts (the MessageSid of the text
    /// from their phone, the Teams activity, the API's Idempotency-Key): the message is stored with it under a unique
    /// (agent, key) index, so however often the same post is delivered (a webhook redelivered after a crash, a
    /// client's retry, two deliveries at once) it is stored and queued once. A repeat answers <see cref="CommandResult.Done"/>
    /// with the conversation as it is now, even if its state has moved on; the same key with other content answers
    /// <see cref="CommandResult.KeyReused"/>. Nothing is written in either case.
    /// </para>
    /// </summary>
    public async Task<CommandResult> PostAsync(
        string conversationId, Agent agent, string text, bool isInternal, CancellationToken cancellationToken, Mirror? origin = null, string? idempotencyKey = null)
    {
        if (string.IsNullOrWhiteSpace(text))
            return new CommandResult.Invalid("The message text is empty.");
        if (text.Length > MessageLimits.MaxTextLength)
            return new CommandResult.Invalid($"The message text is longer than {MessageLimits.MaxTextLength} characters.");
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
            return new CommandResult.Invalid($"An idempotency key has 1 to {MaxIdempotencyKeyLength} characters.");
        if (idempotencyKey is not null)
        {
            // The common repeat (a redelivery long after the first) is answered without deciding anything again; two
            // deliveries at once both get past here, and the unique index lets one of them in (see RunAsync).
            await using var connection = await database.OpenAsync(cancellationToken);
            if (await messages.FindKeyedPostAsync(connection, agent.Id, idempotencyKey) is { } earlier)
                return await RepeatAsync(connection, earlier, new KeyedPost(conversationId, text, isInternal));
        }
        return await RunAsync(conversationId, agent, origin, (c, _, now) =>
        {
            var message = new NewMessage(c.Id, MessageRole.Human, text, c.Channel, now, AgentId: agent.Id, Internal: isInternal,
                DeliveryStatus: isInternal ? null : DeliveryStatus.Queued) { IdempotencyKey = idempotencyKey };
            if (isInternal)
                return new Plan(new TransitionResult.Unchanged(c.State), null, [message], null);
            var refused = ConversationStateMachine.CanReply(c.State, ActorOf(agent));
            return new Plan(refused ?? (TransitionResult)new TransitionResult.Unchanged(c.State), null, [message], null);
        }, cancellationToken);
    }

    /// <summary>A post whose key the agent used before: the same post again is done; other content under that key is refused.</summary>
    private async Task<CommandResult> RepeatAsync(DbConnection connection, KeyedPost earlier, KeyedPost now)
    {
        if (earlier != now)
            return new CommandResult.KeyReused("This idempotency key was already used for another message (a different conversation, text or kind); nothing was posted.");
        return await conversations.GetAsync(connection, earlier.ConversationId) is { } conversation
            ? new CommandResult.Done(conversation)
            : new CommandResult.NotFound(earlier.ConversationId);
    }

    private sealed record Plan(TransitionResult Result, HandoverReason? Reason, IReadOnlyList<NewMessage> Messages, string? Note)
    {
        public static Plan Of(TransitionResult result, HandoverReason? reason, params NewMessage[] messages) => new(result, reason, messages, null);
    }

    private async Task<CommandResult> RunAsync(
        string conversationId, Agent agent, Mirror? origin, Func<Conversation, BotSettings, DateTimeOffset, Plan> decide, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var conversation = await conversations.GetAsync(connection, conversationId);
            if (conversation is null)
                return new CommandResult.NotFound(conversationId);

            var now = time.GetUtcNow();
            var plan = decide(conversation, bots.CurrentValue.For(conversation.BotId), now);
            if (plan.Result is TransitionResult.Refused refused)
                return new CommandResult.Refused(refused.Code, refused.Message, refused.Current);

            var next = plan.Result is TransitionResult.Changed changed ? changed.To : conversation.State;
            await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
            var touches = plan.Messages.Any(m => !m.Internal);
            if (!await conversations.CompareAndSetAsync(connection, tx, conversation.Id, conversation.Version, next, plan.Reason, now, touches))
                continue; // someone else changed it first: decide again on what they left

            // B1: after a human part the AI starts afresh (no stale offer, failure count or "a human will help" context).
            if (plan.Result is TransitionResult.Changed { Verb: ConversationVerb.GivenBack })
                await conversations.SetDialogStateAsync(connection, tx, conversation.Id, null);
            if (plan.Result is TransitionResult.Changed t)
                await conversations.AppendEventAsync(connection, tx, new ConversationEvent(conversation.Id, t.Verb, agent.Id, t.From.ToString(), t.To.ToString(), plan.Reason, plan.Note, now));
            var mirrors = await delivery.MirrorsAsync(connection, tx, conversation.Id);
            foreach (var message in plan.Messages)
            {
                if (await delivery.StoreAsync(connection, tx, conversation, message, mirrors, now, origin) is null && message is { IdempotencyKey: { } key, AgentId: { } agentId })
                {
                    // The same post, delivered concurrently, committed first: this delivery writes nothing (not even the
                    // compare-and-set above) and answers as a repeat.
                    await tx.RollbackAsync(cancellationToken);
                    var earlier = await messages.FindKeyedPostAsync(connection, agentId, key)
                        ?? throw new InvalidOperationException($"Agent {agentId}'s post with key '{key}' conflicted but is not stored.");
                    return await RepeatAsync(connection, earlier, new KeyedPost(conversation.Id, message.Text, message.Internal));
                }
            }
            await tx.CommitAsync(cancellationToken);

            // This node's memory of the conversation's last turn is stale now. The next turn would find out by its
            // compare-and-set anyway, but only after asking the AI, which may be a slow model.
            warmTurns.Forget(conversation.Channel, conversation.Address);
            if (plan.Messages.Count > 0)
                outboxSignal.Notify();
            feed.Publish(conversation.Id, eventsAppended: plan.Result is TransitionResult.Changed);
            return new CommandResult.Done((await conversations.GetAsync(connection, conversation.Id))!);
        }
        throw new InvalidOperationException($"Conversation {conversationId} changed {MaxRaces} times in a row under a command.");
    }

    private static Actor ActorOf(Agent agent) => Actor.Agent(agent.Id, agent.IsAdmin);

    private static NewMessage Notice(Conversation c, string text, DateTimeOffset now) =>
        new(c.Id, MessageRole.System, text, c.Channel, now, DeliveryStatus: DeliveryStatus.Queued);
}

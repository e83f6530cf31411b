using Handover.Conversations;
using Handover.Events;
using Handover.Jobs;
using Handover.Persistence;
using Handover.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handover.Actions;

/// <summary>
/// On each handover (a HandedOver event, delivered at least once and in order by the event relay): starts the pickup
/// timer (P2) when the conversation waits for an agent, then runs the bot's actions in order. Each action step runs
/// once (action_runs); one that fails transiently continues as a durable retry job, so the next actions never wait on it.
/// </summary>
internal sealed class HandoverActionsHandler(
    Database database, ConversationStore conversations, BotConfigCatalog bots, ActionRunner runner, IJobScheduler jobs,
    ILogger<HandoverActionsHandler> logger) : IConversationEventHandler
{
    public string Name => "handover-actions";

    public async Task HandleAsync(ConversationEvent e, CancellationToken cancellationToken)
    {
        if (e.Verb != ConversationVerb.HandedOver)
            return;
        Conversation? conversation;
        await using (var connection = await database.OpenAsync(cancellationToken))
            conversation = await conversations.GetAsync(connection, e.ConversationId);
        if (conversation is null)
            return;
        var bot = bots.For(conversation.BotId);

        if (e.To.EndsWith("/Waiting", StringComparison.Ordinal))
        {
            var timeout = Durations.Parse(bot.PickupTimeout, TimeSpan.FromSeconds(120));
            await jobs.ScheduleAsync(PickupJob.For(conversation.Id, e.Id), e.At + timeout, cancellationToken);
        }

        for (var i = 0; i < Math.Min(bot.Actions.Count, BotConfig.MaxActions); i++)
            await runner.RunFirstAsync(e.Id, i, conversation.Id, cancellationToken);
        logger.LogDebug("Handover actions started for event {EventId} of {ConversationId}", e.Id, conversation.Id);
    }
}

/// <summary>Runs one action step: first from the handler, later attempts from the "action" job.</summary>
public sealed class ActionRunner(Database database, ConversationStore conversations, BotConfigCatalog bots, HandoverActionRegistry registry, ActionStore runs, IJobScheduler jobs,
    IOptions<JobRetryOptions> retry, TimeProvider time, IJobFailureSink failures)
{
    public async Task RunFirstAsync(long eventId, int index, string conversationId, CancellationToken cancellationToken)
    {
        var step = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bot = await BotOfAsync(conversationId, cancellationToken);
        if (bot is null || index >= bot.Actions.Count)
            return;
        var status = await runs.BeginAsync(eventId, step, conversationId, bot.Actions[index].Type, cancellationToken);
        if (status != ActionStore.Running)
            return; // done, failed, or continuing as a retry job
        var job = ActionJob.For(eventId, index, conversationId);
        var outcome = await RunAsync(job, cancellationToken);
        switch (outcome)
        {
            case JobOutcome.Transient:
                await runs.MarkAsync(eventId, step, ActionStore.Retrying, ((JobOutcome.Transient)outcome).Error, cancellationToken);
                var next = job with { Attempt = 2 };
                await jobs.ScheduleAsync(next, time.GetUtcNow() + retry.Value.DelayBefore(2), cancellationToken);
                break;
            case JobOutcome.Permanent p:
                await failures.RecordAsync(job, p.Error, cancellationToken);
                break;
        }
    }

    /// <summary>One attempt of a step; marks it done when it succeeds.</summary>
    public async Task<JobOutcome> RunAsync(JobRequest job, CancellationToken cancellationToken)
    {
        var eventId = long.Parse(job.Get("eventId"), System.Globalization.CultureInfo.InvariantCulture);
        var index = int.Parse(job.Get("index"), System.Globalization.CultureInfo.InvariantCulture);
        var step = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var connection = await database.OpenAsync(cancellationToken);
        var conversation = await conversations.GetAsync(connection, job.Get("conversationId"));
        if (conversation is null)
            return JobOutcome.Fail("The conversation no longer exists.");
        var bot = bots.For(conversation.BotId);
        if (index >= bot.Actions.Count)
            return JobOutcome.Fail($"The bot's settings no longer have action {index + 1}.");
        if (await runs.StatusAsync(eventId, step, cancellationToken) is ActionStore.Done or ActionStore.Failed)
            return JobOutcome.Done;
        var action = bot.Actions[index];
        JobOutcome outcome;
        try
        {
            outcome = await registry.Get(action.Type).RunAsync(new ActionContext(conversation, eventId, step, action, bot, job.Attempt), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = JobOutcome.Retry($"{e.GetType().Name}: {e.Message}");
        }
        if (outcome is JobOutcome.Completed)
            await runs.MarkAsync(eventId, step, ActionStore.Done, null, cancellationToken);
        return outcome;
    }

    private async Task<BotConfig?> BotOfAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await conversations.GetAsync(connection, conversationId) is { } c ? bots.For(c.BotId) : null;
    }
}

/// <summary>A later attempt of an action step (A8).</summary>
internal sealed class ActionJob(ActionRunner runner) : IJobHandler
{
    public const string JobKind = "action";

    public string Kind => JobKind;

    public static JobRequest For(long eventId, int index, string conversationId) => new(JobKind, $"{eventId}:{index}", new Dictionary<string, string>
    {
        ["eventId"] = eventId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["index"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["conversationId"] = conversationId,
    });

    public Task<JobOutcome> RunAsync(JobRequest job, CancellationToken cancellationToken) => runner.RunAsync(job, cancellationToken);
}

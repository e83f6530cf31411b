using Dapper;
using Handover.Jobs;
using Handover.Persistence;
using Handover.Settings;

namespace Handover.Actions;

/// <summary>A3: a closing message to the shopper, through the outbox, once per handover.</summary>
internal sealed class ClosingMessageAction(SystemMessages messages) : IHandoverAction
{
    public const string DefaultText = "Thank you! Someone from the team will get back to you.";

    public string Type => "closingMessage";

    public async Task<JobOutcome> RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        await messages.PostAsync(context.Conversation.Id, context.RunKey, context.Action.Text ?? DefaultText, isInternal: false, cancellationToken);
        return JobOutcome.Done;
    }
}

/// <summary>A4: the AI stays silent on the conversation for a while (even if it is given back); a job lifts the pause.</summary>
internal sealed class PauseAction(Database database, IJobScheduler jobs, TimeProvider time) : IHandoverAction
{
    public string Type => "pause";

    public async Task<JobOutcome> RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + Durations.Parse(context.Action.Duration, TimeSpan.FromMinutes(30));
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO bot_pauses (conversation_id, until_at, event_id) VALUES (@id, @until, @eventId)
                ON CONFLICT (conversation_id) DO UPDATE SET until_at = excluded.until_at, event_id = excluded.event_id
                """, new { id = context.Conversation.Id, until = until.ToUnixMs(), eventId = context.EventId });
        }
        await jobs.ScheduleAsync(new JobRequest(ResumeBotJob.JobKind, context.Conversation.Id,
            new Dictionary<string, string> { ["conversationId"] = context.Conversation.Id }), until, cancellationToken);
        return JobOutcome.Done;
    }
}

/// <summary>Lifts an expired pause. The AI gate also ignores expired pauses, so a late job never keeps the AI silent.</summary>
internal sealed class ResumeBotJob(Database database, TimeProvider time) : IJobHandler
{
    public const string JobKind = "resume-bot";

    public string Kind => JobKind;

    public async Task<JobOutcome> RunAsync(JobRequest job, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM bot_pauses WHERE conversation_id = @id AND until_at <= @now",
            new { id = job.Get("conversationId"), now = time.NowMs() });
        return JobOutcome.Done;
    }
}

/// <summary>A5: tags on the conversation (default human_handover); adding one twice changes nothing.</summary>
internal sealed class TagsAction(Database database) : IHandoverAction
{
    public const string DefaultTag = "human_handover";

    public string Type => "tags";

    public async Task<JobOutcome> RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var tag in context.Action.Tags ?? [DefaultTag])
        {
            await connection.ExecuteAsync("INSERT INTO conversation_tags (conversation_id, tag) VALUES (@id, @tag) ON CONFLICT DO NOTHING",
                new { id = context.Conversation.Id, tag = tag.Trim() });
        }
        return JobOutcome.Done;
    }
}

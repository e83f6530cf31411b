using Handover.Jobs;
using Handover.Settings;

namespace Handover.Actions;

/// <summary>A2: a follow-up task (default "Will be created by AI", due in 24 h) for the assignee, with a reminder job when due.</summary>
internal sealed class CreateTaskAction(TaskStore tasks, IJobScheduler jobs, SystemMessages notes, TimeProvider time) : IHandoverAction
{
    public const string DefaultDescription = "Will be created by AI";
    public static readonly TimeSpan DefaultDue = TimeSpan.FromHours(24);

    public string Type => "createTask";

    public async Task<JobOutcome> RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var a = context.Action;
        var assignee = a.Assignee ?? context.Conversation.State.AgentId;
        var due = time.GetUtcNow() + Durations.Parse(a.Due, DefaultDue);
        var task = await tasks.CreateOnceAsync(context.RunKey, context.Conversation.Id, a.Description ?? DefaultDescription, assignee, due, cancellationToken);
        await jobs.ScheduleAsync(new JobRequest(TaskReminderJob.JobKind, task.Id, new Dictionary<string, string> { ["taskId"] = task.Id }), task.DueAt, cancellationToken);
        // The assignee is told where agents look (the conversation's internal notes reach every agent surface).
        await notes.PostAsync(context.Conversation.Id, $"task:{task.Id}:created",
            $"Task for {assignee ?? "the team"}: {task.Description} (due {task.DueAt:yyyy-MM-dd HH:mm} UTC).", isInternal: true, cancellationToken);
        return JobOutcome.Done;
    }
}

/// <summary>Reminds the task's assignee when it is due (an internal note on the conversation), once.</summary>
internal sealed class TaskReminderJob(TaskStore tasks, SystemMessages notes) : IJobHandler
{
    public const string JobKind = "task-reminder";

    public string Kind => JobKind;

    public async Task<JobOutcome> RunAsync(JobRequest job, CancellationToken cancellationToken)
    {
        var task = await tasks.GetAsync(job.Get("taskId"), cancellationToken);
        if (task is null || task.Status != "open" || task.RemindedAt is not null)
            return JobOutcome.Done;
        await notes.PostAsync(task.ConversationId, $"task:{task.Id}:reminder",
            $"Reminder for {task.AssigneeId ?? "the team"}: the task \"{task.Description}\" is due now.", isInternal: true, cancellationToken);
        await tasks.MarkRemindedAsync(task.Id, cancellationToken);
        return JobOutcome.Done;
    }
}

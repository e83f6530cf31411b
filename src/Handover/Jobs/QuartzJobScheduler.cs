using System.Text.Json;
using Quartz;

namespace Handover.Jobs;

/// <summary>
/// <see cref="IJobScheduler"/> on Quartz's persistent store: one Quartz job per (kind, key, attempt), fired by one trigger
/// of the same identity; scheduling the same attempt again replaces it. Each retry is a job of its own because it is
/// scheduled from inside the running attempt, whose trigger Quartz deletes when it completes.
/// </summary>
internal sealed class QuartzJobScheduler(ISchedulerFactory factory, TimeProvider time) : IJobScheduler
{
    internal const string KindKey = "kind";
    internal const string KeyKey = "key";
    internal const string AttemptKey = "attempt";
    internal const string DataKey = "data";

    public async Task ScheduleAsync(JobRequest job, DateTimeOffset runAt, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var detail = JobBuilder.Create<QuartzDispatchJob>()
            .WithIdentity(Identity(job.Key, job.Attempt), job.Kind)
            .UsingJobData(KindKey, job.Kind)
            .UsingJobData(KeyKey, job.Key)
            .UsingJobData(AttemptKey, job.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UsingJobData(DataKey, JsonSerializer.Serialize(job.Data))
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(Identity(job.Key, job.Attempt), job.Kind)
            .ForJob(detail)
            .StartAt(runAt)
            .Build();
        await scheduler.ScheduleJob(detail, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    public async Task CancelAsync(string kind, string key, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await scheduler.DeleteJobs(Enumerable.Range(1, MaxAttemptsToCancel).Select(a => new JobKey(Identity(key, a), kind)).ToList(), cancellationToken);
    }

    private const int MaxAttemptsToCancel = 20;

    private static string Identity(string key, int attempt) => $"{key}#{attempt}";
}

/// <summary>The one Quartz job class: reads the request from its data map and hands it to the <see cref="JobRunner"/>.</summary>
internal sealed class QuartzDispatchJob(JobRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var map = context.MergedJobDataMap;
        var data = JsonSerializer.Deserialize<Dictionary<string, string>>(map.GetString(QuartzJobScheduler.DataKey) ?? "{}") ?? [];
        var job = new JobRequest(map.GetString(QuartzJobScheduler.KindKey)!, map.GetString(QuartzJobScheduler.KeyKey)!, data)
        {
            Attempt = int.Parse(map.GetString(QuartzJobScheduler.AttemptKey) ?? "1", System.Globalization.CultureInfo.InvariantCulture),
        };
        await runner.RunAsync(job, cancellationToken);
    }
}

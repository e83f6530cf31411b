using Microsoft.Extensions.Logging;

namespace Handover.Jobs;

/// <summary>Retries of failed jobs (A8): how many attempts and how long between them.</summary>
public sealed class JobRetryOptions
{
    public const string Section = "Jobs";

    public int MaxAttempts { get; set; } = 6;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan DelayBefore(int nextAttempt)
    {
        var factor = Math.Pow(2, Math.Max(0, nextAttempt - 2));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstRetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay;
    }
}

/// <summary>Gives up on a job for good: the failure is recorded where admins see it (nothing fails silently).</summary>
public interface IJobFailureSink
{
    Task RecordAsync(JobRequest job, string error, CancellationToken cancellationToken);
}

/// <summary>
/// Runs a due job with its handler, whatever fires it (Quartz in the product, a test's manual scheduler): a transient
/// failure or an exception schedules the next attempt with exponential backoff; the last one, or a permanent failure,
/// goes to the <see cref="IJobFailureSink"/>.
/// </summary>
public sealed class JobRunner(
    IEnumerable<IJobHandler> handlers, IJobScheduler scheduler, IJobFailureSink failures, Microsoft.Extensions.Options.IOptions<JobRetryOptions> options,
    TimeProvider time, ILogger<JobRunner> logger)
{
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    public async Task<JobOutcome> RunAsync(JobRequest job, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(job.Kind, out var handler))
        {
            await failures.RecordAsync(job, $"No handler for job kind '{job.Kind}'.", cancellationToken);
            return JobOutcome.Fail("unknown kind");
        }
        JobOutcome outcome;
        try
        {
            outcome = await handler.RunAsync(job, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Job {Kind}/{Key} attempt {Attempt} threw", job.Kind, job.Key, job.Attempt);
            outcome = JobOutcome.Retry($"{e.GetType().Name}: {e.Message}");
        }

        switch (outcome)
        {
            case JobOutcome.Transient t when job.Attempt < options.Value.MaxAttempts:
                var next = job with { Attempt = job.Attempt + 1 };
                var at = time.GetUtcNow() + options.Value.DelayBefore(next.Attempt);
                logger.LogWarning("Job {Kind}/{Key} attempt {Attempt} failed ({Error}); next attempt at {At}", job.Kind, job.Key, job.Attempt, t.Error, at);
                await scheduler.ScheduleAsync(next, at, cancellationToken);
                break;
            case JobOutcome.Transient t:
                await failures.RecordAsync(job, $"Gave up after {job.Attempt} attempts: {t.Error}", cancellationToken);
                break;
            case JobOutcome.Permanent p:
                await failures.RecordAsync(job, p.Error, cancellationToken);
                break;
        }
        return outcome;
    }
}

using Handover.Jobs;

namespace Testing;

/// <summary>
/// Durable jobs for tests: remembers what was scheduled and runs what is due when the test says so, against a clock
/// the test moves (a <see cref="ManualTimeProvider"/>, or the system clock plus <see cref="Skip"/>).
/// </summary>
public sealed class ManualJobScheduler(TimeProvider time) : IJobScheduler
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Kind, string Key, int Attempt), (JobRequest Job, DateTimeOffset At)> _jobs = [];

    /// <summary>How far this scheduler's clock is ahead of <c>time</c> (for hosts on the system clock).</summary>
    public TimeSpan Skipped { get; private set; }

    public void Skip(TimeSpan by)
    {
        lock (_gate)
            Skipped += by;
    }

    public IReadOnlyList<(JobRequest Job, DateTimeOffset At)> Pending
    {
        get
        {
            lock (_gate)
                return _jobs.Values.OrderBy(j => j.At).ToList();
        }
    }

    public Task ScheduleAsync(JobRequest job, DateTimeOffset runAt, CancellationToken cancellationToken)
    {
        lock (_gate)
            _jobs[(job.Kind, job.Key, job.Attempt)] = (job, runAt);
        return Task.CompletedTask;
    }

    public Task CancelAsync(string kind, string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var k in _jobs.Keys.Where(k => k.Kind == kind && k.Key == key).ToList())
                _jobs.Remove(k);
        }
        return Task.CompletedTask;
    }

    /// <summary>Runs every job due now (including ones that become due by running others), oldest first; returns how many ran.</summary>
    public async Task<int> RunDueAsync(JobRunner runner)
    {
        var ran = 0;
        while (true)
        {
            (JobRequest Job, DateTimeOffset At) next;
            lock (_gate)
            {
                var now = time.GetUtcNow() + Skipped;
                var due = _jobs.Where(j => j.Value.At <= now).OrderBy(j => j.Value.At).FirstOrDefault();
                if (due.Value.Job is null)
                    return ran;
                _jobs.Remove(due.Key);
                next = due.Value;
            }
            await runner.RunAsync(next.Job, CancellationToken.None);
            ran++;
        }
    }
}

namespace Handover.Jobs;

/// <summary>
/// A durable piece of follow-up work: what to run (<see cref="Kind"/>, the handler), which one (<see cref="Key"/>, unique
/// per kind: scheduling the same key again replaces it), its string data, and which attempt this is.
/// </summary>
public sealed record JobRequest(string Kind, string Key, IReadOnlyDictionary<string, string> Data)
{
    public int Attempt { get; init; } = 1;

    public string Get(string name) => Data.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"Job {Kind}/{Key} has no '{name}'.");
}

/// <summary>Schedules durable jobs (timers that survive restarts). The product runs them on Quartz's persistent store.</summary>
public interface IJobScheduler
{
    Task ScheduleAsync(JobRequest job, DateTimeOffset runAt, CancellationToken cancellationToken);

    Task CancelAsync(string kind, string key, CancellationToken cancellationToken);
}

/// <summary>Runs one kind of job. Must be idempotent: a job may run again after a crash.</summary>
public interface IJobHandler
{
    string Kind { get; }

    Task<JobOutcome> RunAsync(JobRequest job, CancellationToken cancellationToken);
}

public abstract record JobOutcome
{
    private JobOutcome() { }

    public static readonly JobOutcome Done = new Completed();

    public static JobOutcome Retry(string error) => new Transient(error);

    public static JobOutcome Fail(string error) => new Permanent(error);

    public sealed record Completed : JobOutcome;

    /// <summary>Worth another try later (timeouts, 5xx, nobody online yet).</summary>
    public sealed record Transient(string Error) : JobOutcome;

    /// <summary>Will not succeed by trying again; recorded on the conversation.</summary>
    public sealed record Permanent(string Error) : JobOutcome;
}

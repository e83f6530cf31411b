using Microsoft.Extensions.Options;

namespace Handover.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often the worker looks for due rows when nothing signalled it (retries, other nodes' rows).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claimed row stays invisible to other workers; a crashed worker's rows come back after it.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Tries before a message is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A shopper's turn sends its replies itself right after its commit (rows born claimed) instead of waiting for the
    /// worker's next claim; the worker remains the fallback. Off, every row waits for the worker.
    /// </summary>
    public bool SendAfterCommit { get; set; } = true;

    /// <summary>Conversations delivered in parallel within one batch (messages of one conversation stay in order).</summary>
    public int MaxParallelConversations { get; set; } = 8;
}

internal sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions o)
    {
        var errors = new List<string>();
        if (o.PollInterval <= TimeSpan.Zero) errors.Add($"{OutboxOptions.Section}:PollInterval must be positive (was '{o.PollInterval}').");
        if (o.BatchSize is < 1 or > 1000) errors.Add($"{OutboxOptions.Section}:BatchSize must be 1..1000 (was {o.BatchSize}).");
        if (o.LockDuration < TimeSpan.FromSeconds(1)) errors.Add($"{OutboxOptions.Section}:LockDuration must be at least 1 s (was '{o.LockDuration}').");
        if (o.MaxAttempts < 1) errors.Add($"{OutboxOptions.Section}:MaxAttempts must be at least 1 (was {o.MaxAttempts}).");
        if (o.FirstRetryDelay <= TimeSpan.Zero) errors.Add($"{OutboxOptions.Section}:FirstRetryDelay must be positive (was '{o.FirstRetryDelay}').");
        if (o.MaxRetryDelay < o.FirstRetryDelay) errors.Add($"{OutboxOptions.Section}:MaxRetryDelay must be at least FirstRetryDelay (was '{o.MaxRetryDelay}').");
        if (o.MaxParallelConversations < 1) errors.Add($"{OutboxOptions.Section}:MaxParallelConversations must be at least 1 (was {o.MaxParallelConversations}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

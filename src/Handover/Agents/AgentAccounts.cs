using Dapper;
using Handover.Persistence;

namespace Handover.Agents;

/// <summary>An agent's sign-in lockout: failed attempts in a row and, once locked, until when.</summary>
public sealed record SignInLockout(int FailedAttempts, DateTimeOffset? LockedUntil)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>Which live notices an agent wants besides "a conversation needs you" (that one goes to every online agent).</summary>
public sealed record NotificationPreferences(bool WhenAssignedToMe, bool WhenTaskAssignedToMe);

/// <summary>
/// Sign-in lockout and notification preferences of agents. Lockout lives in the database so every node of a
/// scaled-out host counts the same failures; each failure is one atomic UPDATE, so parallel guesses cannot slip past.
/// </summary>
public sealed class AgentAccounts(Database database, TimeProvider time)
{
    public async Task<SignInLockout?> GetLockoutAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LockoutRow>(
            "SELECT failed_sign_ins AS FailedSignIns, locked_until AS LockedUntil FROM agents WHERE id = @agentId", new { agentId });
        return row?.ToLockout();
    }

    /// <summary>
    /// Counts a failed sign-in; the <paramref name="maxAttempts"/>-th in a row locks the account for <paramref name="lockFor"/>.
    /// A lock that has run out starts the count again. Null when there is no such agent.
    /// </summary>
    public async Task<SignInLockout?> RecordFailureAsync(string agentId, int maxAttempts, TimeSpan lockFor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        // Both dialects evaluate every SET expression on the row as it was before the UPDATE.
        const string expired = "(locked_until IS NOT NULL AND locked_until <= @now)";
        const string next = $"(CASE WHEN {expired} THEN 1 ELSE failed_sign_ins + 1 END)";
        var row = await connection.QuerySingleOrDefaultAsync<LockoutRow>($"""
            UPDATE agents SET
                failed_sign_ins = {next},
                locked_until = CASE WHEN {next} >= @maxAttempts THEN @until WHEN {expired} THEN NULL ELSE locked_until END
            WHERE id = @agentId
            RETURNING failed_sign_ins AS FailedSignIns, locked_until AS LockedUntil
            """,
            new { agentId, now = now.ToUnixMs(), maxAttempts, until = (now + lockFor).ToUnixMs() });
        return row?.ToLockout();
    }

    /// <summary>A successful sign-in (or an admin's unlock) clears the count and the lock.</summary>
    public async Task ResetAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE agents SET failed_sign_ins = 0, locked_until = NULL WHERE id = @agentId", new { agentId });
    }

    public async Task<NotificationPreferences?> GetPreferencesAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PreferencesRow>(
            "SELECT notify_when_assigned AS WhenAssigned, notify_when_task_assigned AS WhenTaskAssigned FROM agents WHERE id = @agentId", new { agentId });
        return row is null ? null : new NotificationPreferences(row.WhenAssigned != 0, row.WhenTaskAssigned != 0);
    }

    /// <summary>False when there is no such agent.</summary>
    public async Task<bool> SetPreferencesAsync(string agentId, NotificationPreferences preferences, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE agents SET notify_when_assigned = @assigned, notify_when_task_assigned = @task WHERE id = @agentId",
            new { agentId, assigned = preferences.WhenAssignedToMe ? 1 : 0, task = preferences.WhenTaskAssignedToMe ? 1 : 0 }) == 1;
    }

    private sealed class LockoutRow
    {
        public long FailedSignIns { get; set; }
        public long? LockedUntil { get; set; }

        public SignInLockout ToLockout() => new((int)FailedSignIns, LockedUntil is { } ms ? Clock.FromUnixMs(ms) : null);
    }

    private sealed class PreferencesRow
    {
        public long WhenAssigned { get; set; }
        public long WhenTaskAssigned { get; set; }
    }
}

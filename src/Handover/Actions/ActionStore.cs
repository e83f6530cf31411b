using Dapper;
using Handover.Persistence;

namespace Handover.Actions;

/// <summary>Which action steps of which handover ran, and how: the at-least-once relay and retries skip finished ones.</summary>
public sealed class ActionStore(Database database, TimeProvider time)
{
    public const string Running = "running";
    public const string Retrying = "retrying";
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>The step's status, creating it as running when new.</summary>
    public async Task<string> BeginAsync(long eventId, string step, string conversationId, string actionType, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO action_runs (event_id, step, conversation_id, action_type, status, attempts, updated_at)
            VALUES (@eventId, @step, @conversationId, @actionType, 'running', 0, @now) ON CONFLICT DO NOTHING
            """, new { eventId, step, conversationId, actionType, now = time.NowMs() });
        return await connection.QuerySingleAsync<string>("SELECT status FROM action_runs WHERE event_id = @eventId AND step = @step", new { eventId, step });
    }

    public async Task<string?> StatusAsync(long eventId, string step, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT status FROM action_runs WHERE event_id = @eventId AND step = @step", new { eventId, step });
    }

    public async Task MarkAsync(long eventId, string step, string status, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE action_runs SET status = @status, error = @error, attempts = attempts + 1, updated_at = @now WHERE event_id = @eventId AND step = @step",
            new { eventId, step, status, error, now = time.NowMs() });
    }

    public async Task<IReadOnlyList<ActionRunView>> ListAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ActionRunView>("""
            SELECT event_id AS EventId, step AS Step, action_type AS ActionType, status AS Status, attempts AS Attempts, error AS Error
            FROM action_runs WHERE conversation_id = @conversationId ORDER BY event_id, step
            """, new { conversationId })).ToList();
    }
}

public sealed record ActionRunView(long EventId, string Step, string ActionType, string Status, long Attempts, string? Error);

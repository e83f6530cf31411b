using Dapper;
using Handover.Jobs;
using Handover.Persistence;

namespace Handover.Actions;

public sealed record ActionFailure(long Id, string? ConversationId, string JobKind, string JobKey, string? ActionType, long Attempts, string Error, DateTimeOffset At);

/// <summary>
/// Where jobs that will not succeed end up: a row in <c>action_failures</c> (the admin API lists them), the action step
/// marked failed, and an internal note on the conversation so agents see it too. Nothing fails silently (A8).
/// </summary>
public sealed class ActionFailures(Database database, SystemMessages notes, TimeProvider time) : IJobFailureSink
{
    public async Task RecordAsync(JobRequest job, string error, CancellationToken cancellationToken)
    {
        var conversationId = job.Data.GetValueOrDefault("conversationId");
        string? actionType = null;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            if (job.Kind == ActionJob.JobKind && job.Data.TryGetValue("eventId", out var eventId) && job.Data.TryGetValue("index", out var step))
            {
                actionType = await connection.QuerySingleOrDefaultAsync<string?>(
                    "SELECT action_type FROM action_runs WHERE event_id = @eventId AND step = @step", new { eventId = long.Parse(eventId, System.Globalization.CultureInfo.InvariantCulture), step });
                await connection.ExecuteAsync(
                    "UPDATE action_runs SET status = 'failed', error = @error, updated_at = @now WHERE event_id = @eventId AND step = @step",
                    new { eventId = long.Parse(eventId, System.Globalization.CultureInfo.InvariantCulture), step, error, now = time.NowMs() });
            }
            await connection.ExecuteAsync("""
                INSERT INTO action_failures (conversation_id, job_kind, job_key, action_type, attempts, error, at)
                VALUES (@conversationId, @Kind, @Key, @actionType, @Attempt, @error, @now) ON CONFLICT DO NOTHING
                """, new { conversationId, job.Kind, job.Key, actionType, job.Attempt, error, now = time.NowMs() });
        }
        if (conversationId is not null)
        {
            await notes.PostAsync(conversationId, $"failure:{job.Kind}:{job.Key}",
                $"Handover action {actionType ?? job.Kind} failed for good after {job.Attempt} attempt(s): {error}", isInternal: true, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<ActionFailure>> ListAsync(string? conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string? ConversationId, string JobKind, string JobKey, string? ActionType, long Attempts, string Error, long At)>(
            $"SELECT id, conversation_id, job_kind, job_key, action_type, attempts, error, at FROM action_failures {(conversationId is null ? "" : "WHERE conversation_id = @conversationId")} ORDER BY id DESC LIMIT 200",
            new { conversationId });
        return rows.Select(r => new ActionFailure(r.Id, r.ConversationId, r.JobKind, r.JobKey, r.ActionType, r.Attempts, r.Error, Clock.FromUnixMs(r.At))).ToList();
    }
}

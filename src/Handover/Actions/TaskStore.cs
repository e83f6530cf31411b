using Dapper;
using Handover.Persistence;

namespace Handover.Actions;

/// <summary>A follow-up task created by a handover (A2).</summary>
public sealed record HandoverTask(string Id, string ConversationId, string Description, string? AssigneeId, DateTimeOffset DueAt, string Status, DateTimeOffset? RemindedAt, DateTimeOffset CreatedAt);

public sealed class TaskStore(Database database, TimeProvider time)
{
    private const string Columns = """
        id AS Id, conversation_id AS ConversationId, description AS Description, assignee_id AS AssigneeId, due_at AS DueAt,
        status AS Status, reminded_at AS RemindedAt, created_at AS CreatedAt
        """;

    /// <summary>Creates the task of <paramref name="source"/> once; returns the task (new or the one created before).</summary>
    public async Task<HandoverTask> CreateOnceAsync(string source, string conversationId, string description, string? assigneeId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO tasks (id, conversation_id, source, description, assignee_id, due_at, status, created_at)
            VALUES (@id, @conversationId, @source, @description, @assigneeId, @dueAt, 'open', @now) ON CONFLICT DO NOTHING
            """, new { id = Guid.CreateVersion7().ToString("N"), conversationId, source, description, assigneeId, dueAt = dueAt.ToUnixMs(), now = time.NowMs() });
        return (await connection.QuerySingleAsync<Row>($"SELECT {Columns} FROM tasks WHERE source = @source", new { source })).ToTask();
    }

    public async Task<HandoverTask?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM tasks WHERE id = @id", new { id }))?.ToTask();
    }

    public async Task<bool> MarkRemindedAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE tasks SET reminded_at = @now WHERE id = @id AND reminded_at IS NULL", new { id, now = time.NowMs() }) == 1;
    }

    public async Task<IReadOnlyList<HandoverTask>> ForConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>($"SELECT {Columns} FROM tasks WHERE conversation_id = @conversationId ORDER BY created_at, id", new { conversationId })).Select(r => r.ToTask()).ToList();
    }

    public async Task<IReadOnlyList<HandoverTask>> ForAssigneeAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>($"SELECT {Columns} FROM tasks WHERE assignee_id = @agentId ORDER BY due_at, id", new { agentId })).Select(r => r.ToTask()).ToList();
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string ConversationId { get; set; } = "";
        public string Description { get; set; } = "";
        public string? AssigneeId { get; set; }
        public long DueAt { get; set; }
        public string Status { get; set; } = "";
        public long? RemindedAt { get; set; }
        public long CreatedAt { get; set; }

        public HandoverTask ToTask() => new(Id, ConversationId, Description, AssigneeId, Clock.FromUnixMs(DueAt), Status,
            RemindedAt is { } r ? Clock.FromUnixMs(r) : null, Clock.FromUnixMs(CreatedAt));
    }
}

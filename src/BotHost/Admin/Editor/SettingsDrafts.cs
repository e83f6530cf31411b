using Dapper;
using Handover.Persistence;

namespace BotHost.Admin.Editor;

/// <summary>An unpublished edit of a bot's settings document ("smart session memory"): one per bot, shared by its admins.</summary>
internal sealed record SettingsDraft(string BotId, string Yaml, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>
/// The editor's drafts in <c>settings_drafts</c>, so they outlive the page, the session and the host. Publishing removes
/// a draft only if nobody saved a newer one meanwhile (compare-and-set on its content and time).
/// </summary>
internal sealed class SettingsDrafts(Database database, TimeProvider time)
{
    public async Task<SettingsDraft?> GetAsync(string botId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Yaml, string UpdatedBy, long UpdatedAt)?>(
            "SELECT yaml, updated_by, updated_at FROM settings_drafts WHERE bot_id = @botId", new { botId });
        return row is { } r ? new SettingsDraft(botId, r.Yaml, r.UpdatedBy, DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt)) : null;
    }

    public async Task<SettingsDraft> SaveAsync(string botId, string yaml, string updatedBy, CancellationToken cancellationToken)
    {
        // Stored in milliseconds: the draft handed back must be the one a later read sees (publish compares them).
        var draft = new SettingsDraft(botId, yaml, updatedBy, DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO settings_drafts (bot_id, yaml, updated_by, updated_at) VALUES (@botId, @yaml, @updatedBy, @at)
            ON CONFLICT (bot_id) DO UPDATE SET yaml = excluded.yaml, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """, new { botId, yaml, updatedBy, at = draft.UpdatedAt.ToUnixTimeMilliseconds() });
        return draft;
    }

    public async Task DeleteAsync(string botId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM settings_drafts WHERE bot_id = @botId", new { botId });
    }

    /// <summary>Removes <paramref name="draft"/> unless it was saved again since it was read; false when a newer one stays.</summary>
    public async Task<bool> DeleteIfUnchangedAsync(SettingsDraft draft, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "DELETE FROM settings_drafts WHERE bot_id = @BotId AND yaml = @Yaml AND updated_at = @at",
            new { draft.BotId, draft.Yaml, at = draft.UpdatedAt.ToUnixTimeMilliseconds() }) > 0;
    }
}

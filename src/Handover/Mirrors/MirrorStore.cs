using System.Data.Common;
using Dapper;
using Handover.Persistence;

namespace Handover.Mirrors;

/// <summary>An agent-side place a conversation is mirrored to: every message of the conversation is delivered there too.</summary>
public sealed record Mirror(string Channel, string Address);

/// <summary>
/// Where conversations are mirrored for agents (a Teams thread, an agent's WhatsApp). Channels add a mirror when an
/// agent surface starts following a conversation and remove it when it stops.
/// </summary>
public sealed class MirrorStore(Database database, TimeProvider time)
{
    public async Task AddAsync(string conversationId, Mirror mirror, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO conversation_mirrors (conversation_id, channel, address, created_at) VALUES (@conversationId, @Channel, @Address, @now)
            ON CONFLICT DO NOTHING
            """, new { conversationId, mirror.Channel, mirror.Address, now = time.NowMs() });
    }

    public async Task RemoveAsync(string conversationId, Mirror mirror, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM conversation_mirrors WHERE conversation_id = @conversationId AND channel = @Channel AND address = @Address",
            new { conversationId, mirror.Channel, mirror.Address });
    }

    public async Task<IReadOnlyList<Mirror>> ListAsync(DbConnection connection, string conversationId, DbTransaction? tx = null) =>
        (await connection.QueryAsync<(string Channel, string Address)>(
            "SELECT channel, address FROM conversation_mirrors WHERE conversation_id = @conversationId ORDER BY created_at, channel, address", new { conversationId }, tx))
        .Select(m => new Mirror(m.Channel, m.Address)).ToList();

    /// <summary>Conversations mirrored to <paramref name="mirror"/> (e.g. which conversation a Teams thread belongs to).</summary>
    public async Task<IReadOnlyList<string>> ConversationsAtAsync(Mirror mirror, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>("SELECT conversation_id FROM conversation_mirrors WHERE channel = @Channel AND address = @Address",
            new { mirror.Channel, mirror.Address })).ToList();
    }
}

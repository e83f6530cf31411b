using Dapper;
using Handover.Persistence;

namespace Handover.Agents;

/// <summary>Agents, their presence and credentials. Passwords and API tokens are stored only as hashes.</summary>
public sealed class AgentStore(Database database, TimeProvider time)
{
    private const string Columns = "id AS Id, display_name AS DisplayName, role AS Role, online AS Online";

    public async Task<Agent?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM agents WHERE id = @id", new { id }))?.ToAgent();
    }

    public async Task<Agent?> FindByApiTokenHashAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM agents WHERE api_token_hash = @tokenHash", new { tokenHash }))?.ToAgent();
    }

    public async Task<string?> GetPasswordHashAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT password_hash FROM agents WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>($"SELECT {Columns} FROM agents ORDER BY id")).Select(r => r.ToAgent()).ToList();
    }

    public async Task<bool> SetOnlineAsync(string id, bool online, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE agents SET online = @online WHERE id = @id", new { id, online = online ? 1 : 0 }) == 1;
    }

    /// <summary>Creates or updates an agent (used by seeding and admin tooling). Null hashes leave existing credentials as they are.</summary>
    public async Task UpsertAsync(Agent agent, string? passwordHash, string? apiTokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO agents (id, display_name, role, password_hash, api_token_hash, online, created_at)
            VALUES (@Id, @DisplayName, @Role, @passwordHash, @apiTokenHash, @Online, @now)
            ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
                password_hash = COALESCE(excluded.password_hash, agents.password_hash),
                api_token_hash = COALESCE(excluded.api_token_hash, agents.api_token_hash)
            """,
            new
            {
                agent.Id, agent.DisplayName, Role = agent.Role == AgentRole.Admin ? "admin" : "agent", passwordHash, apiTokenHash,
                Online = agent.Online ? 1 : 0, now = time.NowMs(),
            });
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Role { get; set; } = "";
        public long Online { get; set; }

        public Agent ToAgent() => new(Id, DisplayName, Role == "admin" ? AgentRole.Admin : AgentRole.Agent, Online != 0);
    }
}

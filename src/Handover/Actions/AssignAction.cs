using Dapper;
using Handover.Agents;
using Handover.Conversations;
using Handover.Jobs;
using Handover.Persistence;
using Handover.Pipeline;

namespace Handover.Actions;

/// <summary>
/// A1: gives the waiting conversation to an agent, by claiming it on their behalf through <see cref="ConversationCommands"/>
/// (compare-and-set: an agent who claims it first simply wins). The named agent if online and under capacity, else the
/// next available one (A8) by round robin or least busy, optionally within a team; nobody available is worth a retry.
/// </summary>
internal sealed class AssignAction(Database database, AgentStore agents, ConversationCommands commands) : IHandoverAction
{
    public string Type => "assign";

    public async Task<JobOutcome> RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var conversation = context.Conversation;
        if (conversation.State.Controller != Controller.Waiting || conversation.State.Status != ConversationStatus.Open)
            return JobOutcome.Done; // already claimed (or given back): nothing to assign

        var a = context.Action;
        var candidates = await CandidatesAsync(context, cancellationToken);
        foreach (var agent in candidates)
        {
            switch (await commands.ClaimAsync(conversation.Id, agent, cancellationToken))
            {
                case CommandResult.Done:
                    await RememberAsync(conversation.BotId, agent.Id, cancellationToken);
                    return JobOutcome.Done;
                case CommandResult.Refused { Code: "already_claimed" or "not_waiting" or "resolved" or "already_yours" }:
                    return JobOutcome.Done; // someone took it meanwhile
                case CommandResult.NotFound:
                    return JobOutcome.Fail($"Conversation {conversation.Id} no longer exists.");
                default:
                    continue;
            }
        }
        var wanted = a.Agent is not null ? $"{a.Agent} or any other agent" : a.Team is not null ? $"an agent of team {a.Team}" : "an agent";
        return JobOutcome.Retry($"No online agent with free capacity for {wanted}.");
    }

    private async Task<IReadOnlyList<Agent>> CandidatesAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var a = context.Action;
        var online = (await agents.ListAsync(cancellationToken)).Where(x => x.Online && !x.IsAdmin).ToList();
        if (a.Team is not null && context.Bot.Teams.TryGetValue(a.Team, out var members))
            online = online.Where(x => members.Contains(x.Id)).ToList();
        var load = await LoadAsync(cancellationToken);
        if (a.Capacity is { } capacity)
            online = online.Where(x => load.GetValueOrDefault(x.Id) < capacity).ToList();

        IEnumerable<Agent> ordered;
        if (a.Strategy == "leastBusy")
        {
            ordered = online.OrderBy(x => load.GetValueOrDefault(x.Id)).ThenBy(x => x.Id, StringComparer.Ordinal);
        }
        else
        {
            var last = await LastAsync(context.Conversation.BotId, cancellationToken);
            var sorted = online.OrderBy(x => x.Id, StringComparer.Ordinal).ToList();
            var start = last is null ? 0 : sorted.FindIndex(x => string.CompareOrdinal(x.Id, last) > 0);
            ordered = start <= 0 ? sorted : sorted.Skip(start).Concat(sorted.Take(start));
        }
        var list = ordered.ToList();
        // The named agent first; the rest are the fallback when they cannot take it (A8).
        if (a.Agent is not null && list.FindIndex(x => x.Id == a.Agent) is var i and > 0)
        {
            var named = list[i];
            list.RemoveAt(i);
            list.Insert(0, named);
        }
        return list;
    }

    private async Task<Dictionary<string, long>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string AgentId, long Count)>(
            "SELECT agent_id, COUNT(*) FROM conversations WHERE status = 'open' AND controller = 'human' AND agent_id IS NOT NULL GROUP BY agent_id");
        return rows.ToDictionary(r => r.AgentId, r => r.Count, StringComparer.Ordinal);
    }

    private async Task<string?> LastAsync(string botId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT last_agent_id FROM assign_cursors WHERE bot_id = @botId", new { botId });
    }

    private async Task RememberAsync(string botId, string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO assign_cursors (bot_id, last_agent_id) VALUES (@botId, @agentId)
            ON CONFLICT (bot_id) DO UPDATE SET last_agent_id = excluded.last_agent_id
            """, new { botId, agentId });
    }
}

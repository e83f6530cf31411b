using BotHost.Agents;
using Handover.Agents;
using Microsoft.AspNetCore.Identity;

namespace BotHost.Demo;

/// <summary>
/// Demo accounts: agents alice, bob and carol (carol starts offline) and admin admin; password "demo" each,
/// API tokens "demo-&lt;name&gt;". Runs after migrations (hosted services start in order).
/// </summary>
internal sealed class DemoSeeder(AgentStore agents, IPasswordHasher<Agent> hasher, ILogger<DemoSeeder> logger) : IHostedService
{
    public const string Password = "demo";

    public static readonly IReadOnlyList<Agent> Accounts =
    [
        new("alice", "Alice", AgentRole.Agent, Online: true),
        new("bob", "Bob", AgentRole.Agent, Online: true),
        new("carol", "Carol", AgentRole.Agent, Online: false),
        new("admin", "Admin", AgentRole.Admin, Online: true),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // An existing agent keeps the presence it set in an earlier run (the upsert does not touch it).
        foreach (var agent in Accounts)
            await agents.UpsertAsync(agent, hasher.HashPassword(agent, Password), ApiTokens.Hash($"demo-{agent.Id}"), cancellationToken);
        logger.LogInformation("Demo accounts ready: {Agents} (password '{Password}', API tokens demo-<name>)", string.Join(", ", Accounts.Select(a => a.Id)), Password);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using System.Security.Claims;
using BotHost.Agents;
using Handover.Actions;

namespace BotHost.Admin;

/// <summary>Tasks created by handovers (A2): per conversation, and the signed-in agent's own.</summary>
internal static class TasksApi
{
    public static void MapTasksApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/conversations/{id}/tasks", async (string id, TaskStore tasks, CancellationToken ct) => Results.Ok(await tasks.ForConversationAsync(id, ct)))
            .RequireAuthorization(Roles.AnyAgent).WithTags("Conversations").WithSummary("The conversation's follow-up tasks.");
        endpoints.MapGet("/api/agents/me/tasks", async (ClaimsPrincipal user, TaskStore tasks, CancellationToken ct) => Results.Ok(await tasks.ForAssigneeAsync(user.AgentId(), ct)))
            .RequireAuthorization(Roles.AnyAgent).WithTags("Agents").WithSummary("Tasks assigned to the signed-in agent, soonest due first.");
    }
}

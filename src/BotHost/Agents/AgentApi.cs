using System.Security.Claims;
using BotHost.Workspace;
using Handover.Actions;
using Handover.Agents;
using Handover.Conversations;
using Handover.Messages;
using Handover.Persistence;
using Handover.Pipeline;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BotHost.Agents;

/// <summary>
/// The agent API: list and read conversations, act on them (hand over, claim, reply, transfer, give back, resolve),
/// set presence. Authenticated per agent; conflicts with the current state are 409 naming that state.
/// </summary>
internal static class AgentApi
{
    public static IHostApplicationBuilder AddAgentApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPasswordHasher<Agent>, PasswordHasher<Agent>>();
        // No default scheme: only the agent routes look at agent tokens, so Direct Line's own bearer tokens never
        // reach this handler (and cost no database look-up).
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AgentTokenAuthentication>(AgentTokenAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AnyAgent, p => p.AddAuthenticationSchemes(AgentTokenAuthentication.SchemeName).RequireRole(Roles.Agent, Roles.Admin));
        return builder;
    }

    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder endpoints)
    {
        var conversations = endpoints.MapGroup("/api/conversations").RequireAuthorization(Roles.AnyAgent).WithTags("Conversations");
        conversations.MapGet("/", ListAsync).WithSummary("Lists conversations: view=all|ai|waiting|mine|resolved|open, optional channel and address.");
        conversations.MapGet("/{id}", GetAsync).WithName("GetConversation").WithSummary("One conversation with its messages, tags, events, handover reason and the contacts the shopper left.");
        MapCommand(conversations, "hand-over", (commands, id, agent, ct) => commands.HandOverAsync(id, agent, ct),
            "Take the conversation from the AI (or take over a resolved one). 403 when the plan lacks Handover to human.")
            .RequireHandoverAbility();
        MapCommand(conversations, "claim", (commands, id, agent, ct) => commands.ClaimAsync(id, agent, ct),
            "Claim a conversation waiting for an agent.");
        MapCommand(conversations, "give-back", (commands, id, agent, ct) => commands.GiveBackAsync(id, agent, ct),
            "Give the conversation back to the AI.");
        MapCommand(conversations, "resolve", (commands, id, agent, ct) => commands.ResolveAsync(id, agent, ct),
            "Resolve the conversation.");
        conversations.MapPost("/{id}/messages", (
                string id, PostMessageRequest body, [FromHeader(Name = IdempotencyKeyHeader.Name)] string? idempotencyKey, ClaimsPrincipal user,
                ConversationCommands commands, AgentStore agents, HttpContext http, CancellationToken ct) =>
            {
                var (key, problem) = IdempotencyKeyHeader.Read(idempotencyKey);
                if (problem is not null)
                    return Task.FromResult(Problem(400, "The request is not valid.", problem));
                var coreKey = key is null ? null : IdempotencyKeyHeader.ForCore(key);
                return RunAsync(id, user, agents, http, ct, agent => commands.PostAsync(id, agent, body.Text ?? "", body.Internal, ct, idempotencyKey: coreKey));
            })
            .WithSummary("Reply to the shopper (agent in charge only), or add an internal note (internal: true). With an Idempotency-Key header, "
                + "a retry with the same key posts nothing new and answers like the first; the same key with another message is 422.");
        conversations.MapPost("/{id}/transfer", (string id, TransferRequest body, ClaimsPrincipal user, ConversationCommands commands, AgentStore agents, HttpContext http, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(body.ToAgent)
                ? Task.FromResult(Problem(400, "The request is not valid.", "'toAgent' is required."))
                : RunAsync(id, user, agents, http, ct, agent => commands.TransferAsync(id, agent, body.ToAgent.Trim(), body.Note, ct)))
            .WithSummary("Transfer to another online agent, with an optional note only agents see.");

        var agentsGroup = endpoints.MapGroup("/api/agents").RequireAuthorization(Roles.AnyAgent).WithTags("Agents");
        agentsGroup.MapGet("/", async (AgentStore agents, CancellationToken ct) => Results.Ok((await agents.ListAsync(ct)).Select(a => a.ToDto())))
            .WithSummary("All agents with their presence.");
        agentsGroup.MapGet("/me", async (ClaimsPrincipal user, AgentStore agents, CancellationToken ct) =>
            await agents.GetAsync(user.AgentId(), ct) is { } me ? Results.Ok(me.ToDto()) : Problem(401, "Sign in required.", "Your agent no longer exists."))
            .WithSummary("The signed-in agent.");
        agentsGroup.MapPut("/me/presence", async (PresenceRequest body, ClaimsPrincipal user, AgentStore agents, CancellationToken ct) =>
        {
            if (body.Online is not { } online)
                return Problem(400, "The request is not valid.", "'online' (true or false) is required.");
            await agents.SetOnlineAsync(user.AgentId(), online, ct);
            return Results.Ok((await agents.GetAsync(user.AgentId(), ct))!.ToDto());
        }).WithSummary("Go online or offline.");
        return endpoints;
    }

    /// <summary>POST /{id}/{verb} with no body: one conversation command by the signed-in agent.</summary>
    private static RouteHandlerBuilder MapCommand(
        RouteGroupBuilder group, string verb, Func<ConversationCommands, string, Agent, CancellationToken, Task<CommandResult>> command, string summary) =>
        group.MapPost($"/{{id}}/{verb}", (string id, ClaimsPrincipal user, ConversationCommands commands, AgentStore agents, HttpContext http, CancellationToken ct) =>
            RunAsync(id, user, agents, http, ct, agent => command(commands, id, agent, ct)))
            .WithSummary(summary);

    private static async Task<IResult> ListAsync(string? view, string? channel, string? address, ClaimsPrincipal user, Database database, ConversationStore store, CancellationToken ct)
    {
        if (!TryParseView(view, out var parsed))
            return Problem(400, "The request is not valid.", $"Unknown view '{view}'; use all, ai, waiting, mine, resolved or open.");
        await using var connection = await database.OpenAsync(ct);
        var list = await store.ListAsync(connection, new ConversationQuery(parsed, user.AgentId(), NullIfEmpty(channel), NullIfEmpty(address)));
        return Results.Ok(list.Select(c => c.ToSummary()));
    }

    private static async Task<IResult> GetAsync(string id, Database database, ConversationStore store, MessageStore messages, ContactStore contacts, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var conversation = await store.GetAsync(connection, id);
        if (conversation is null)
            return NotFound(id);
        return Results.Ok(conversation.ToDto(
            await store.TagsAsync(connection, id), await messages.ListAsync(connection, id), await store.EventsAsync(connection, id), await contacts.ForConversationAsync(id, ct)));
    }

    private static async Task<IResult> RunAsync(
        string id, ClaimsPrincipal user, AgentStore agents, HttpContext http, CancellationToken ct, Func<Agent, Task<CommandResult>> command)
    {
        var agent = await agents.GetAsync(user.AgentId(), ct);
        if (agent is null)
            return Problem(401, "Sign in required.", "Your agent no longer exists.");
        var result = await command(agent);
        if (result is CommandResult.Done)
        {
            // The fresh conversation, as GET returns it.
            var services = http.RequestServices;
            return await GetAsync(id, services.GetRequiredService<Database>(), services.GetRequiredService<ConversationStore>(), services.GetRequiredService<MessageStore>(),
                services.GetRequiredService<ContactStore>(), ct);
        }
        return result switch
        {
            CommandResult.NotFound => NotFound(id),
            CommandResult.Refused r => Results.Problem(
                statusCode: 409, title: "The conversation is not in a state that allows this.", detail: r.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = r.Code,
                    ["conversationStatus"] = Wire.Status(r.Current.Status),
                    ["controller"] = Wire.Controller(r.Current.Controller),
                    ["agent"] = r.Current.AgentId,
                }),
            CommandResult.Invalid i => Problem(400, "The request is not valid.", i.Message),
            CommandResult.KeyReused k => Problem(422, "The Idempotency-Key was used for another request.", k.Message),
            _ => throw new InvalidOperationException($"Unexpected command result {result}."),
        };
    }

    private static IResult NotFound(string id) => Problem(404, "No such conversation.", $"There is no conversation '{id}'.");

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static bool TryParseView(string? view, out ConversationView parsed)
    {
        parsed = ConversationView.All;
        return string.IsNullOrEmpty(view) || Enum.TryParse(view, ignoreCase: true, out parsed) && Enum.IsDefined(parsed);
    }
}

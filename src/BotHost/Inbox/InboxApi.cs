using System.Security.Claims;
using BotHost.Agents;
using BotHost.Inbox.Summary;
using Handover.Agents;
using Handover.Conversations;
using Handover.Messages;
using Handover.Persistence;
using Handover.Settings;
using Microsoft.AspNetCore.Antiforgery;

namespace BotHost.Inbox;

/// <summary>
/// What the inbox page reads beyond the agent API: its session, the list with tab counts and search, one conversation
/// with its sidebar (summary, customer, tasks), presence that is announced live, notification preferences, and for
/// admins the agents' lockouts. Actions on conversations use the agent API itself.
/// </summary>
internal static class InboxApi
{
    private static readonly string[] Tabs = ["open", "waiting", "mine", "resolved"];

    public static IEndpointRouteBuilder MapInboxApi(this IEndpointRouteBuilder endpoints)
    {
        var inbox = endpoints.MapGroup("/api/inbox").RequireAuthorization(Roles.AnyAgent).WithTags("Inbox");
        inbox.MapGet("/session", SessionAsync).WithSummary("The signed-in agent, the antiforgery token for cookie requests, the plan's abilities.");
        inbox.MapGet("/conversations", ListAsync).WithSummary("An inbox tab (open, waiting, mine, resolved) with every tab's count; q searches shopper names and message text.");
        inbox.MapGet("/conversations/{id}", GetAsync).WithSummary("One conversation with agent names, customer details, summary and tasks.");
        inbox.MapPut("/me/presence", SetPresenceAsync).WithSummary("Go online or away; every connected agent hears of it.");
        inbox.MapGet("/me/preferences", async (ClaimsPrincipal user, AgentAccounts accounts, CancellationToken ct) =>
            await accounts.GetPreferencesAsync(user.AgentId(), ct) is { } p ? Results.Ok(p.ToDto()) : SignedOut())
            .WithSummary("Which notices the agent wants besides 'needs you'.");
        inbox.MapPut("/me/preferences", SetPreferencesAsync).WithSummary("Set 'notify me when assigned to me' and 'when a task is assigned to me'.");

        var admin = endpoints.MapGroup("/api/inbox/admin").RequireAuthorization(InboxAuthentication.AdminApi).WithTags("Inbox admin");
        admin.MapGet("/agents", AgentsAsync).WithSummary("Agents with presence and sign-in lockout (admins only).");
        admin.MapPost("/agents/{id}/unlock", async (string id, AgentStore agents, AgentAccounts accounts, CancellationToken ct) =>
        {
            if (await agents.GetAsync(id, ct) is null)
                return Results.Problem(statusCode: 404, title: "No such agent.", detail: $"There is no agent '{id}'.");
            await accounts.ResetAsync(id, ct);
            return Results.NoContent();
        }).WithSummary("Clear an agent's failed sign-ins and lock (admins only).");
        return endpoints;
    }

    private static async Task<IResult> SessionAsync(
        HttpContext context, ClaimsPrincipal user, AgentStore agents, AgentAccounts accounts, IAntiforgery antiforgery,
        HandoverAbility handover, CancellationToken ct)
    {
        var agent = await agents.GetAsync(user.AgentId(), ct);
        var preferences = agent is null ? null : await accounts.GetPreferencesAsync(agent.Id, ct);
        if (agent is null || preferences is null)
            return SignedOut();
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Ok(new InboxSessionDto(agent.ToDto(), tokens.RequestToken!, InboxAuthentication.AntiforgeryHeader, handover.InPlan, preferences.ToDto()));
    }

    private static async Task<IResult> ListAsync(
        string? tab, string? q, ClaimsPrincipal user, Database database, ConversationStore store, AgentStore agents, CancellationToken ct)
    {
        tab = string.IsNullOrWhiteSpace(tab) ? "open" : tab.Trim().ToLowerInvariant();
        if (!Tabs.Contains(tab))
            return Results.Problem(statusCode: 400, title: "The request is not valid.", detail: $"Unknown tab '{tab}'; use open, waiting, mine or resolved.");
        if (q is { Length: > 200 })
            return Results.Problem(statusCode: 400, title: "The request is not valid.", detail: "The search is longer than 200 characters.");

        var view = Enum.Parse<ConversationView>(tab, ignoreCase: true);
        var names = await AgentNamesAsync(agents, ct);
        await using var connection = await database.OpenAsync(ct);
        var items = await store.InboxAsync(connection, new ConversationQuery(view, user.AgentId()), string.IsNullOrWhiteSpace(q) ? null : q);
        var counts = await store.InboxCountsAsync(connection, user.AgentId());
        return Results.Ok(new InboxListDto(tab, q, new InboxCountsDto(counts.Open, counts.Waiting, counts.Mine, counts.Resolved),
            items.Select(i => Row(i, names)).ToList()));
    }

    private static async Task<IResult> GetAsync(
        string id, Database database, ConversationStore store, MessageStore messages, AgentStore agents, IConversationSummarizer summarizer,
        Handover.Actions.TaskStore taskStore, Handover.Actions.ContactStore contacts, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var conversation = await store.GetAsync(connection, id);
        if (conversation is null)
            return Results.Problem(statusCode: 404, title: "No such conversation.", detail: $"There is no conversation '{id}'.");
        var transcript = await messages.ListAsync(connection, id);
        var dto = conversation.ToDto(await store.TagsAsync(connection, id), transcript, await store.EventsAsync(connection, id), await contacts.ForConversationAsync(id, ct));
        var customer = new CustomerDto(conversation.ShopperName, conversation.ShopperId, conversation.Channel, conversation.Address, conversation.StartedOnPage);
        var tasks = (await taskStore.ForConversationAsync(id, ct)).Select(t => new TaskDto(t.Id, t.Description, t.DueAt, t.AssigneeId)).ToList();
        return Results.Ok(new InboxConversationDto(dto, await AgentNamesAsync(agents, ct), customer, await summarizer.SummarizeAsync(transcript, ct), tasks));
    }

    private static async Task<IResult> SetPresenceAsync(InboxPresenceRequest body, ClaimsPrincipal user, AgentStore agents, InboxNotifier notifier, CancellationToken ct)
    {
        if (body.Online is not { } online)
            return Results.Problem(statusCode: 400, title: "The request is not valid.", detail: "'online' (true or false) is required.");
        if (!await agents.SetOnlineAsync(user.AgentId(), online, ct))
            return SignedOut();
        await notifier.PresenceChangedAsync(ct);
        return Results.Ok((await agents.GetAsync(user.AgentId(), ct))!.ToDto());
    }

    private static async Task<IResult> SetPreferencesAsync(PreferencesRequest body, ClaimsPrincipal user, AgentAccounts accounts, CancellationToken ct)
    {
        if (body.WhenAssignedToMe is not { } assigned || body.WhenTaskAssignedToMe is not { } task)
            return Results.Problem(statusCode: 400, title: "The request is not valid.", detail: "'whenAssignedToMe' and 'whenTaskAssignedToMe' (true or false) are required.");
        var preferences = new NotificationPreferences(assigned, task);
        return await accounts.SetPreferencesAsync(user.AgentId(), preferences, ct) ? Results.Ok(preferences.ToDto()) : SignedOut();
    }

    private static async Task<IResult> AgentsAsync(AgentStore agents, AgentAccounts accounts, CancellationToken ct)
    {
        var list = new List<AdminAgentDto>();
        foreach (var agent in await agents.ListAsync(ct))
        {
            var lockout = await accounts.GetLockoutAsync(agent.Id, ct);
            list.Add(new AdminAgentDto(agent.Id, agent.DisplayName, agent.IsAdmin ? Roles.Admin : Roles.Agent, agent.Online, lockout?.FailedAttempts ?? 0, lockout?.LockedUntil));
        }
        return Results.Ok(list);
    }

    private static InboxRowDto Row(InboxItem item, IReadOnlyDictionary<string, string> names)
    {
        var c = item.Conversation;
        var agentName = c.State.AgentId is { } a ? names.GetValueOrDefault(a, a) : null;
        var badge = c.State switch
        {
            { Status: ConversationStatus.Resolved } => new BadgeDto("resolved", "Resolved"),
            { Controller: Controller.Waiting } => new BadgeDto("waiting", "Needs you"),
            { Controller: Controller.Human } => new BadgeDto("human", agentName ?? "Agent"),
            _ => new BadgeDto("ai", "AI"),
        };
        var last = item.LastMessage is { } m
            ? new LastMessageDto(m.Role.ToWire(), m.Text, m.AgentId is { } id ? names.GetValueOrDefault(id, id) : null)
            : null;
        return new InboxRowDto(c.Id, c.ShopperName, c.ShopperId, c.Channel, Wire.Status(c.State.Status), Wire.Controller(c.State.Controller),
            c.State.AgentId, agentName, badge, last, c.LastMessageAt);
    }

    private static async Task<IReadOnlyDictionary<string, string>> AgentNamesAsync(AgentStore agents, CancellationToken ct) =>
        (await agents.ListAsync(ct)).ToDictionary(a => a.Id, a => a.DisplayName, StringComparer.Ordinal);

    private static PreferencesDto ToDto(this NotificationPreferences p) => new(p.WhenAssignedToMe, p.WhenTaskAssignedToMe);

    private static IResult SignedOut() => Results.Problem(statusCode: 401, title: "Sign in required.", detail: "Your agent no longer exists.");
}

using BotHost.Agents;
using BotHost.Inbox.Summary;

namespace BotHost.Inbox;

public sealed record PreferencesDto(bool WhenAssignedToMe, bool WhenTaskAssignedToMe);

/// <summary>What the inbox page needs first: who is signed in, the antiforgery token for its requests, the plan.</summary>
public sealed record InboxSessionDto(AgentDto Agent, string AntiforgeryToken, string AntiforgeryHeader, bool PlanIncludesHandover, PreferencesDto Preferences);

public sealed record InboxCountsDto(long Open, long Waiting, long Mine, long Resolved);

/// <summary>The badge a row shows: ai, waiting ("Needs you"), human (with the agent's name) or resolved.</summary>
public sealed record BadgeDto(string Kind, string Label);

public sealed record LastMessageDto(string Role, string Text, string? AgentName);

public sealed record InboxRowDto(
    string Id, string? ShopperName, string ShopperId, string Channel, string Status, string Controller, string? Agent, string? AgentName,
    BadgeDto Badge, LastMessageDto? LastMessage, DateTimeOffset LastMessageAt);

public sealed record InboxListDto(string Tab, string? Query, InboxCountsDto Counts, IReadOnlyList<InboxRowDto> Items);

public sealed record CustomerDto(string? Name, string ShopperId, string Channel, string Address, string? StartedOnPage);

/// <summary>Tasks arrive with the follow-up work feature (A2); until then the list is empty.</summary>
public sealed record TaskDto(string Id, string Description, DateTimeOffset? DueAt, string? Assignee);

public sealed record InboxConversationDto(
    ConversationDto Conversation, IReadOnlyDictionary<string, string> AgentNames, CustomerDto Customer, ConversationSummary Summary,
    IReadOnlyList<TaskDto> Tasks);

public sealed record AdminAgentDto(string Id, string DisplayName, string Role, bool Online, int FailedSignIns, DateTimeOffset? LockedUntil);

public sealed record InboxPresenceRequest(bool? Online);

public sealed record PreferencesRequest(bool? WhenAssignedToMe, bool? WhenTaskAssignedToMe);

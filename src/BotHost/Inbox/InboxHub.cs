using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace BotHost.Inbox;

/// <summary>
/// The inbox's live channel. Agents only listen; everything they do goes through the HTTP API. Messages to the
/// browser: "conversationChanged"(id), "needsYou"(notice), "assigned"(notice), "presenceChanged"(agents).
/// Users are identified by their agent id (the NameIdentifier claim), so one agent's tabs all get their notices.
/// </summary>
[Authorize(Policy = InboxAuthentication.AgentPages)]
internal sealed class InboxHub : Hub
{
    public const string Path = "/hubs/inbox";
}

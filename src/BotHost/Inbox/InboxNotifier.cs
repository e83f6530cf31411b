using System.Collections.Concurrent;
using System.Threading.Channels;
using BotHost.Agents;
using Handover.Agents;
using Handover.Conversations;
using Handover.Persistence;
using Microsoft.AspNetCore.SignalR;

namespace BotHost.Inbox;

/// <summary>A notice an agent's browser shows (and may sound): a conversation needs someone, or was assigned to you.</summary>
public sealed record InboxNotice(string ConversationId, string? ShopperName, string ShopperId, string? By, string? Note);

/// <summary>
/// Feeds the inbox hub from <see cref="ConversationFeed"/>: every change becomes "conversationChanged" for every
/// connected agent; a handover to the queue becomes "needsYou" for every online agent (P1); a transfer becomes
/// "assigned" for its target if they asked for it. The feed's handler only queues the id: the commit that raised it
/// must not wait for browsers.
/// </summary>
/// <remarks>
/// The feed is in-process, so with several hosts on one PostgreSQL each host tells the agents connected to it about the
/// changes it made. Events are read back from the database, so a notice is never invented; only fresh ones are announced,
/// each once, and the memory of what was announced stays as small as the last <see cref="Freshness"/> of events.
/// </remarks>
internal sealed class InboxNotifier(
    ConversationFeed feed,
    IHubContext<InboxHub> hub,
    Database database,
    ConversationStore conversations,
    AgentStore agents,
    AgentAccounts accounts,
    TimeProvider time,
    ILogger<InboxNotifier> logger) : BackgroundService
{
    private static readonly string WaitingState = new ConversationState(ConversationStatus.Open, Controller.Waiting, null).ToString();

    /// <summary>Events older than this are history, not news (a host that was busy or just started stays quiet about them).</summary>
    private static readonly TimeSpan Freshness = TimeSpan.FromMinutes(2);

    private readonly Channel<ConversationChange> _changed = Channel.CreateUnbounded<ConversationChange>(new UnboundedChannelOptions { SingleReader = true });
    /// <summary>Events already announced (conversation id, event number), kept as long as they count as fresh.</summary>
    private readonly ConcurrentDictionary<(string, int), DateTimeOffset> _announced = new();

    /// <summary>Tells every connected agent who is online now.</summary>
    public async Task PresenceChangedAsync(CancellationToken cancellationToken)
    {
        var all = await agents.ListAsync(cancellationToken);
        await hub.Clients.All.SendAsync("presenceChanged", all.Select(a => a.ToDto()).ToList(), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        feed.Changed += OnChanged;
        try
        {
            await foreach (var (id, eventsAppended) in _changed.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (eventsAppended)
                        await AnnounceEventsAsync(id, stoppingToken);
                    else
                        await hub.Clients.All.SendAsync("conversationChanged", id, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A lost notice costs a refresh, not the notifier: the next change announces again.
                    logger.LogWarning(e, "Could not announce a change of conversation {ConversationId} to the inbox", id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            feed.Changed -= OnChanged;
        }
    }

    private void OnChanged(ConversationChange change) => _changed.Writer.TryWrite(change);

    private async Task AnnounceEventsAsync(string id, CancellationToken cancellationToken)
    {
        await hub.Clients.All.SendAsync("conversationChanged", id, cancellationToken);

        await using var connection = await database.OpenAsync(cancellationToken);
        var conversation = await conversations.GetAsync(connection, id);
        if (conversation is null)
            return;
        var events = await conversations.EventsAsync(connection, id);
        var now = time.GetUtcNow();
        foreach (var stale in _announced.Where(p => p.Value < now - Freshness).Select(p => p.Key).ToList())
            _announced.TryRemove(stale, out _);

        foreach (var (e, number) in events.Select((e, i) => (e, i)))
        {
            if (e.At < now - Freshness || !_announced.TryAdd((id, number), e.At))
                continue;
            if (e.To == WaitingState)
            {
                var online = (await agents.ListAsync(cancellationToken)).Where(a => a.Online).Select(a => a.Id).ToList();
                await hub.Clients.Users(online).SendAsync("needsYou", new InboxNotice(id, conversation.ShopperName, conversation.ShopperId, e.Actor, null), cancellationToken);
            }
            else if (e.Verb == ConversationVerb.Transferred && HumanIn(e.To) is { } target
                && (await accounts.GetPreferencesAsync(target, cancellationToken))?.WhenAssignedToMe == true)
            {
                await hub.Clients.User(target).SendAsync("assigned", new InboxNotice(id, conversation.ShopperName, conversation.ShopperId, e.Actor, e.Note), cancellationToken);
            }
        }
    }

    // "Open/Human(bob)" -> "bob" (ConversationState.ToString, as events record it).
    private static string? HumanIn(string state)
    {
        const string marker = "/Human(";
        var start = state.IndexOf(marker, StringComparison.Ordinal);
        return start < 0 || !state.EndsWith(')') ? null : state[(start + marker.Length)..^1];
    }
}

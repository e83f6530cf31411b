using Dapper;
using Handover.Common;
using Handover.Conversations;
using Handover.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handover.Events;

/// <summary>
/// Feeds the conversation event log to every <see cref="IConversationEventHandler"/>, each from its own durable
/// cursor: a crash re-delivers from the last acknowledged event, never skips one. On PostgreSQL a subscriber's cursor
/// row is locked while its batch runs, so with several nodes each event reaches each subscriber on one node at a time.
/// A handler that keeps failing on one event is retried <see cref="MaxAttempts"/> times; then the failure is recorded
/// in <c>event_failures</c> and the subscriber moves on, so one bad event never stalls the rest.
/// </summary>
public sealed class EventRelay : BackgroundService
{
    public const int MaxAttempts = 5;
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly Database _database;
    private readonly ConversationStore _conversations;
    private readonly List<IConversationEventHandler> _handlers;
    private readonly TimeProvider _time;
    private readonly ILogger<EventRelay> _logger;
    private readonly Wakeup _wakeup = new();
    private readonly Dictionary<(string, long), int> _attempts = [];
    private readonly HashSet<string> _cursorsCreated = new(StringComparer.Ordinal);

    public EventRelay(
        Database database, ConversationStore conversations, ConversationFeed feed, IEnumerable<IConversationEventHandler> handlers,
        TimeProvider time, ILogger<EventRelay> logger)
    {
        _database = database;
        _conversations = conversations;
        _handlers = handlers.ToList();
        _time = time;
        _logger = logger;
        feed.Changed += change =>
        {
            if (change.EventsAppended)
                _wakeup.Notify();
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_handlers.Count == 0)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = 0;
                foreach (var handler in _handlers)
                    handled += await RelayOnceAsync(handler, stoppingToken);
                if (handled == 0)
                    await _wakeup.WaitAsync(PollInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Relaying conversation events failed; retrying");
                await Task.Delay(PollInterval, _time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Delivers one batch to <paramref name="handler"/>; returns how many events it acknowledged.</summary>
    public async Task<int> RelayOnceAsync(IConversationEventHandler handler, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        // The cursor row is created once per subscriber and process, not on every poll.
        if (!_cursorsCreated.Contains(handler.Name))
        {
            await connection.ExecuteAsync("INSERT INTO event_cursors (subscriber, last_event_id) VALUES (@Name, 0) ON CONFLICT DO NOTHING", new { handler.Name });
            _cursorsCreated.Add(handler.Name);
        }
        // PostgreSQL: a row lock (not a table lock) keeps other nodes off this subscriber while handlers run.
        // SQLite has one node and one writer: no transaction is held open while handlers work.
        await using var tx = _database.IsPostgres ? await connection.BeginTransactionAsync(cancellationToken) : null;
        var cursor = await connection.QuerySingleOrDefaultAsync<long?>(
            $"SELECT last_event_id FROM event_cursors WHERE subscriber = @Name {(_database.IsPostgres ? "FOR UPDATE SKIP LOCKED" : "")}", new { handler.Name }, tx);
        if (cursor is null)
            return 0; // another node is relaying to this subscriber right now

        var events = await _conversations.EventsAfterAsync(connection, cursor.Value, BatchSize, tx);
        var acknowledged = cursor.Value;
        var count = 0;
        foreach (var e in events)
        {
            if (!await DeliverAsync(handler, e, cancellationToken))
                break;
            acknowledged = e.Id;
            count++;
        }
        if (acknowledged != cursor.Value)
            await connection.ExecuteAsync("UPDATE event_cursors SET last_event_id = @acknowledged WHERE subscriber = @Name", new { acknowledged, handler.Name }, tx);
        if (tx is not null)
            await tx.CommitAsync(cancellationToken);
        return count;
    }

    private async Task<bool> DeliverAsync(IConversationEventHandler handler, ConversationEvent e, CancellationToken cancellationToken)
    {
        try
        {
            await handler.HandleAsync(e, cancellationToken);
            _attempts.Remove((handler.Name, e.Id));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempts = _attempts.GetValueOrDefault((handler.Name, e.Id)) + 1;
            _attempts[(handler.Name, e.Id)] = attempts;
            if (attempts < MaxAttempts)
            {
                _logger.LogWarning(ex, "{Handler} failed on event {EventId} (attempt {Attempt}); will retry", handler.Name, e.Id, attempts);
                return false;
            }
            _attempts.Remove((handler.Name, e.Id));
            _logger.LogError(ex, "{Handler} gave up on event {EventId} after {Attempts} attempts", handler.Name, e.Id, attempts);
            await using var connection = await _database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("""
                INSERT INTO event_failures (subscriber, event_id, attempts, error, at) VALUES (@Name, @Id, @attempts, @error, @at)
                ON CONFLICT DO NOTHING
                """, new { handler.Name, e.Id, attempts, error = $"{ex.GetType().Name}: {ex.Message}", at = _time.NowMs() });
            return true;
        }
    }
}

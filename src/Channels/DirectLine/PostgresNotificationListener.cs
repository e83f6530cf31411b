using System.Data.Common;
using Handover.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Channels.DirectLine;

/// <summary>
/// On PostgreSQL, LISTENs on a dedicated connection for the NOTIFY each append sends and signals this node's
/// subscribers, so an activity appended on one node reaches a socket held by another. Reconnects after failures and
/// then wakes every local subscriber, since notifications sent meanwhile are gone. Does nothing on SQLite (one node).
/// </summary>
internal sealed class PostgresNotificationListener(
    Database database,
    DirectLineStore store,
    ConversationHub hub,
    TimeProvider time,
    ILogger<PostgresNotificationListener> logger) : BackgroundService
{
    // A silent wait cannot tell a quiet channel from a dead connection; a ping every so often can.
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.IsPostgres)
            return;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbException or IOException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Direct Line notification listener lost its connection; reconnecting in {Delay}", RetryDelay);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = (NpgsqlConnection)await database.OpenAsync(stoppingToken);
        connection.Notification += (_, notification) =>
        {
            if (DirectLineStore.ParseNotifyPayload(notification.Payload) is not { } notice)
                hub.SignalAll(); // not ours to read: wake everyone rather than miss something
            else if (notice.Node != store.NodeId)
                hub.Signal(notice.ConversationId, notice.Seq);
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {DirectLineStore.NotifyChannel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        logger.LogInformation("Listening for Direct Line notifications");
        hub.SignalAll();

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await connection.WaitAsync(PingInterval, stoppingToken))
                    continue;
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteNonQueryAsync(stoppingToken);
            }
        }
        finally
        {
            // The pool does not reset connections (Database.CreatePostgresDataSource), so a healthy connection must
            // not go back still listening.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
                try { await unlisten.ExecuteNonQueryAsync(CancellationToken.None); }
                catch (Exception e) when (e is DbException or IOException or TimeoutException) { /* the broken connection is dropped by the pool */ }
            }
        }
    }
}

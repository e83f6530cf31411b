using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Channels.DirectLine;

/// <summary>
/// Retries user messages whose hand-over to the core failed or was cut short (a crash between storing the echo and
/// the core's answer), so a message the shopper saw as sent is never lost. Safe on several nodes: the core dedupes.
/// </summary>
internal sealed class InboundRedelivery(
    IServiceScopeFactory scopes,
    DirectLineStore store,
    ForwardedMarks marks,
    TimeProvider time,
    ILogger<InboundRedelivery> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    // Long enough that a message whose first hand-over is still running (a slow AI turn) is left alone.
    internal static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RedeliverAsync(stoppingToken);
            }
            catch (DbException e)
            {
                logger.LogWarning(e, "Could not look for Direct Line messages to redeliver");
            }
        }
    }

    /// <summary>One pass: hands every overdue unconfirmed message to the core again; returns how many it accepted.</summary>
    internal async Task<int> RedeliverAsync(CancellationToken cancellationToken)
    {
        await marks.FlushAsync(cancellationToken);
        var overdue = await store.ListUnforwardedAsync(time.GetUtcNow() - Grace, limit: 50, cancellationToken);
        if (overdue.Count == 0)
            return 0;

        await using var scope = scopes.CreateAsyncScope();
        var forwarder = scope.ServiceProvider.GetRequiredService<InboundForwarder>();
        var accepted = 0;
        foreach (var activity in overdue)
        {
            var conversation = await store.FindConversationAsync(activity.ConversationId, cancellationToken);
            if (conversation is not null && await forwarder.ForwardAsync(conversation, activity))
                accepted++;
        }
        await marks.FlushAsync(cancellationToken);
        if (accepted > 0)
            logger.LogInformation("Redelivered {Count} Direct Line message(s) to the core", accepted);
        return accepted;
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handover.Outbox;

/// <summary>
/// Drains the outbox: claims due rows (the oldest pending one of each destination) and hands them to
/// <see cref="OutboxDelivery"/>. It wakes when a transaction queued rows it did not send itself after commit, and polls
/// for retries, other nodes' rows and rows whose sender crashed (their lock expires).
/// </summary>
public sealed class OutboxWorker(
    OutboxStore store,
    OutboxDelivery delivery,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var drained = await DrainOnceAsync(stoppingToken);
                if (drained == 0)
                    await signal.WaitAsync(_options.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting; rows stay in the outbox and are retried.
                logger.LogError(ex, "Outbox drain failed; retrying after {Interval}", _options.PollInterval);
                await Task.Delay(_options.PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Claims and sends one batch. Returns how many rows it handled.</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var batch = await store.ClaimAsync(time.GetUtcNow(), _options.BatchSize, _options.LockDuration, cancellationToken);
        if (batch.Count == 0)
            return 0;

        await delivery.SendAsync(batch, cancellationToken);
        return batch.Count;
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handover.Outbox;

/// <summary>
/// Sends the rows a shopper's turn claimed for itself as it wrote them (<see cref="TurnClaims"/>), right after the commit:
/// the AI's reply goes out without waiting for the worker's next claim. Turns that commit together are sent together, so
/// a channel that sends in batches (web chat) still gets one call for many conversations. Two batches may be in flight,
/// so one's round trips overlap the next's; that keeps order, because a destination's row is only claimed at birth when
/// nothing of that destination is pending, and a turn's rows travel as one piece. A row that is not sent here (this node
/// stops, the send fails) is the worker's once its lock expires or its retry is due: nothing is lost.
/// </summary>
public sealed class AfterCommitDelivery(OutboxDelivery delivery, IOptions<OutboxOptions> options, ILogger<AfterCommitDelivery> logger) : BackgroundService
{
    private const int InFlight = 1;

    private readonly Channel<IReadOnlyList<ClaimedOutbound>> _queue = Channel.CreateUnbounded<IReadOnlyList<ClaimedOutbound>>();

    /// <summary>Queues one turn's claimed rows, in their order.</summary>
    public void Enqueue(IReadOnlyList<ClaimedOutbound> rows)
    {
        if (rows.Count > 0)
            _queue.Writer.TryWrite(rows);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, InFlight).Select(_ => SendLoopAsync(stoppingToken)));

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        var batchSize = options.Value.BatchSize;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<ClaimedOutbound>();
                while (batch.Count < batchSize && _queue.Reader.TryRead(out var rows))
                    batch.AddRange(rows);
                if (batch.Count == 0)
                    continue;
                try
                {
                    // Not the stopping token: a send under way finishes and is recorded rather than left to the lock.
                    await delivery.SendAsync(batch, CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Sending {Count} outbox rows after their commit failed; the outbox worker sends them when their lock expires", batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Rows still queued stay claimed in the database; any node's worker sends them once their lock expires.
        }
    }
}

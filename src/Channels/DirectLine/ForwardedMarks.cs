using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Channels.DirectLine;

/// <summary>
/// Records, in batches, that the core has user messages: one UPDATE for however many arrived while the last one ran,
/// instead of a round trip per message on the path every message takes. A mark lost to a crash or a failed write only
/// means <see cref="InboundRedelivery"/> hands that message to the core once more, and the core dedupes it.
/// </summary>
internal sealed class ForwardedMarks(DirectLineStore store, TimeProvider time, ILogger<ForwardedMarks> logger) : BackgroundService
{
    private const int MaxBatch = 500;

    // Nobody waits for a mark: gathered for a moment, they make one UPDATE of many rows at moderate load too, instead
    // of one per message (each planned anew: PostgreSQL gives its array join a custom plan every time).
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);

    private readonly Channel<StoredActivity> _pending = Channel.CreateUnbounded<StoredActivity>();
    private readonly SemaphoreSlim _writing = new(1, 1);

    public void Add(StoredActivity activity) => _pending.Writer.TryWrite(activity);

    /// <summary>Writes every mark added so far (redelivery calls it first, so it never retries what the core has).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var batch = new List<StoredActivity>();
            while (true)
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var activity))
                    batch.Add(activity);
                if (batch.Count == 0)
                    return;
                try
                {
                    await store.MarkForwardedAsync(batch, CancellationToken.None);
                }
                catch (DbException e)
                {
                    logger.LogWarning(e, "Could not record that the core has {Count} Direct Line message(s); they will be redelivered and deduped", batch.Count);
                }
                batch.Clear();
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(Gather, time, stoppingToken);
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await FlushAsync(CancellationToken.None);
    }

    public override void Dispose()
    {
        _writing.Dispose();
        base.Dispose();
    }
}

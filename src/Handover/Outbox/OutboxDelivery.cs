using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handover.Outbox;

/// <summary>
/// Sends claimed outbox rows and records every outcome: sent rows are marked in one statement; transient failures come
/// back with exponential backoff and jitter; after the last attempt, or on a permanent failure, the message is marked
/// failed with the reason. Messages to one destination go in order: a failure holds back the rest of that destination.
/// Used by the worker for what it claims and by <see cref="AfterCommitDelivery"/> for what a turn claimed as it wrote it.
/// </summary>
public sealed class OutboxDelivery(
    OutboxStore store,
    IEnumerable<IChannelSender> senders,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDelivery> logger)
{
    private readonly Dictionary<string, IChannelSender> _senders = senders.ToDictionary(s => s.Channel, StringComparer.Ordinal);
    private readonly OutboxOptions _options = options.Value;

    public async Task SendAsync(IReadOnlyList<ClaimedOutbound> batch, CancellationToken cancellationToken)
    {
        // A batch can outlast its rows' lock (a sender number paced at 1/s works through a backlog one a second): the
        // lock is renewed while the batch runs, or another claimer would take the rows still waiting and send them twice.
        using var renewing = new CancellationTokenSource();
        var renewal = RenewLocksAsync(batch.Select(c => c.Message.OutboxId).ToArray(), renewing.Token);
        try
        {
            await SendBatchAsync(batch, cancellationToken);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
    }

    private async Task RenewLocksAsync(long[] outboxIds, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.LockDuration / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
                await store.ExtendLocksAsync(outboxIds, time.GetUtcNow() + _options.LockDuration, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not renew the lock of {Count} outbox rows being sent", outboxIds.Length);
        }
    }

    private async Task SendBatchAsync(IReadOnlyList<ClaimedOutbound> batch, CancellationToken cancellationToken)
    {
        var sent = new ConcurrentBag<OutboundMessage>();
        var byDestination = batch.GroupBy(c => (c.Message.ConversationId, c.Message.Channel, c.Message.Address)).Select(g => g.ToList()).ToList();
        byDestination = await SendFirstInBatchesAsync(byDestination, sent, cancellationToken);
        await Parallel.ForEachAsync(
            byDestination,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelConversations, CancellationToken = cancellationToken },
            async (rows, ct) =>
            {
                foreach (var row in rows)
                {
                    if (!await SendOneAsync(row, sent, ct))
                        break; // later messages to this destination wait for this one: order is kept
                }
            });
        await store.MarkSentAsync(sent, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Sends the first message of every destination whose channel has a batch sender, one call per channel; returns what
    /// is left for one-by-one sending: the rest of those destinations (when their first went out) and every other one.
    /// </summary>
    private async Task<List<List<ClaimedOutbound>>> SendFirstInBatchesAsync(
        List<List<ClaimedOutbound>> byDestination, ConcurrentBag<OutboundMessage> sent, CancellationToken cancellationToken)
    {
        var left = new List<List<ClaimedOutbound>>();
        foreach (var channel in byDestination.GroupBy(rows => rows[0].Message.Channel))
        {
            if (!_senders.TryGetValue(channel.Key, out var sender) || sender is not IBatchChannelSender batchSender)
            {
                left.AddRange(channel);
                continue;
            }
            var destinations = channel.ToList();
            IReadOnlyList<SendResult> results;
            try
            {
                results = await batchSender.SendBatchAsync(destinations.Select(rows => rows[0].Message).ToList(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                results = destinations.Select(_ => SendResult.Transient($"{ex.GetType().Name}: {ex.Message}")).ToList();
            }
            for (var i = 0; i < destinations.Count; i++)
            {
                if (await RecordAsync(destinations[i][0], results[i], sent, cancellationToken) && destinations[i].Count > 1)
                    left.Add(destinations[i].Skip(1).ToList());
            }
        }
        return left;
    }

    private async Task<bool> SendOneAsync(ClaimedOutbound row, ConcurrentBag<OutboundMessage> sent, CancellationToken cancellationToken)
    {
        var message = row.Message;
        if (!_senders.TryGetValue(message.Channel, out var sender))
        {
            await store.MarkFailedAsync(message, $"No sender is configured for channel '{message.Channel}'.", cancellationToken);
            return false;
        }

        SendResult result;
        try
        {
            result = await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = SendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
        return await RecordAsync(row, result, sent, cancellationToken);
    }

    /// <summary>Records a send's outcome; true when later messages to the same destination may go now.</summary>
    private async Task<bool> RecordAsync(ClaimedOutbound row, SendResult result, ConcurrentBag<OutboundMessage> sent, CancellationToken cancellationToken)
    {
        var message = row.Message;

        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                sent.Add(message);
                return true;
            case SendOutcome.Transient when row.Attempts < _options.MaxAttempts:
                var next = time.GetUtcNow() + (result.RetryAfter ?? Backoff(row.Attempts));
                logger.LogWarning("Sending message {MessageId} on {Channel} failed (attempt {Attempt}): {Error}; next try at {Next}",
                    message.MessageId, message.Channel, row.Attempts, result.Error, next);
                await store.ScheduleRetryAsync(message, next, result.Error ?? "transient failure", cancellationToken);
                return false;
            default:
                var error = result.Outcome == SendOutcome.Permanent
                    ? result.Error ?? "permanent failure"
                    : $"gave up after {row.Attempts} attempts: {result.Error}";
                logger.LogError("Message {MessageId} on {Channel} failed: {Error}", message.MessageId, message.Channel, error);
                await store.MarkFailedAsync(message, error, cancellationToken);
                // A failed message does not hold back the rest of the conversation.
                return true;
        }
    }

    /// <summary>Exponential backoff with ±20 % jitter, capped.</summary>
    internal TimeSpan Backoff(long attempt)
    {
        var exponential = _options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(capped * jitter);
    }
}

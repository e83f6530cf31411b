using Dapper;
using Handover.Common;
using Handover.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Channels.Twilio;

/// <summary>
/// Texts to agents' phones that belong to no conversation (handover notifications, answers to commands): queued in
/// <c>twilio_agent_texts</c> with a dedupe key (so a redelivered event or webhook queues nothing twice) and sent by
/// this worker, paced, with retries.
/// </summary>
internal sealed class AgentTexts(
    Database database, TwilioApi api, Pacer pacer, IOptions<TwilioOptions> options, TimeProvider time, ILogger<AgentTexts> logger) : BackgroundService
{
    private const int MaxAttempts = 8;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private readonly Wakeup _wakeup = new();

    public async Task EnqueueAsync(string dedupeKey, string address, string body, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await connection.ExecuteAsync("""
            INSERT INTO twilio_agent_texts (dedupe_key, channel, address, body, status, next_attempt_at, created_at)
            VALUES (@dedupeKey, @channel, @address, @body, 'pending', @now, @now)
            ON CONFLICT DO NOTHING
            """, new { dedupeKey, channel = TwilioChannels.KindOf(address), address, body = Trim(body), now });
        _wakeup.Notify();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SendDueAsync(stoppingToken) == 0)
                    await _wakeup.WaitAsync(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Sending texts to agents failed; retrying");
                await Task.Delay(PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var skipLocked = database.IsPostgres ? "FOR UPDATE SKIP LOCKED" : "";
        List<Row> due;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var tx = await Database.BeginWriteAsync(connection, cancellationToken))
        {
            due = (await connection.QueryAsync<Row>($"""
                UPDATE twilio_agent_texts SET locked_until = @lockedUntil, attempts = attempts + 1
                WHERE id IN (SELECT id FROM twilio_agent_texts WHERE status = 'pending' AND next_attempt_at <= @now
                             AND (locked_until IS NULL OR locked_until < @now) ORDER BY id LIMIT 50 {skipLocked})
                RETURNING id AS Id, address AS Address, body AS Body, attempts AS Attempts
                """, new { now, lockedUntil = now + 60_000 }, tx)).OrderBy(r => r.Id).ToList();
            await tx.CommitAsync(cancellationToken);
        }
        foreach (var row in due)
            await SendAsync(row, cancellationToken);
        return due.Count;
    }

    private async Task SendAsync(Row row, CancellationToken cancellationToken)
    {
        TwilioApiResult? result = null;
        if (options.Value.FromFor(TwilioChannels.KindOf(row.Address)) is { } from)
        {
            if (from.Paced)
                await pacer.WaitTurnAsync(from.Value, cancellationToken);
            result = await api.SendAsync([new("To", row.Address), from.AsParameter(), new("Body", row.Body)], cancellationToken);
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        if (result is { Accepted: true })
        {
            await connection.ExecuteAsync("UPDATE twilio_agent_texts SET status = 'sent', sid = @Sid, locked_until = NULL WHERE id = @Id", new { result.Sid, row.Id });
            return;
        }
        var error = result?.Describe() ?? $"no sender number for {row.Address}";
        if (result is { IsTransient: true } && row.Attempts < MaxAttempts)
        {
            var next = time.GetUtcNow() + (result.RetryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, row.Attempts)));
            await connection.ExecuteAsync("UPDATE twilio_agent_texts SET next_attempt_at = @next, locked_until = NULL, last_error = @error WHERE id = @Id",
                new { next = next.ToUnixTimeMilliseconds(), error, row.Id });
            return;
        }
        logger.LogError("Text to agent phone {Address} failed: {Error}", row.Address, error);
        await connection.ExecuteAsync("UPDATE twilio_agent_texts SET status = 'failed', locked_until = NULL, last_error = @error WHERE id = @Id", new { error, row.Id });
    }

    private static string Trim(string body) => body.Length <= MessageSplitter.MaxLength ? body : body[..(MessageSplitter.MaxLength - 1)] + "…";

    private sealed record Row(long Id, string Address, string Body, long Attempts);
}

using Handover.Common;
using Handover.Messages;
using Handover.Pipeline;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Channels.Twilio;

/// <summary>
/// Works through stored webhooks after Twilio has had its answer: shopper messages go to the core (which dedupes on
/// the MessageSid again), agents' messages to the <see cref="AgentDesk"/>, status callbacks to the delivery records.
/// Rows of one address run in order; different addresses in parallel. A row whose handling fails stays unprocessed and
/// is retried with backoff; rows a crashed node had claimed come back when their lock runs out. Nothing is dropped.
/// </summary>
internal sealed class InboundProcessor(
    InboundStore inbox, DeliveryStore delivery, WhatsAppWindow window, AgentDesk desk, IInboundPipeline pipeline,
    IOptions<TwilioOptions> options, TimeProvider time, ILogger<InboundProcessor> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private const int Parallelism = 8;
    private static readonly TimeSpan LockFor = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private readonly Wakeup _wakeup = new();

    public void Wake() => _wakeup.Notify();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ProcessOnceAsync(stoppingToken) == 0)
                    await _wakeup.WaitAsync(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Processing Twilio webhooks failed; retrying");
                await Task.Delay(PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Claims and handles one batch; returns how many rows it claimed.</summary>
    public async Task<int> ProcessOnceAsync(CancellationToken cancellationToken)
    {
        var batch = await inbox.ClaimAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), BatchSize, LockFor, cancellationToken);
        // Handled rows are marked together once the batch is through: one statement instead of one per row. A crash
        // before the mark only means they are handled again, which every handler dedupes (the MessageSid as provider
        // id or agent post key, status updates that never move back). The next claim runs after the mark, so an
        // address's later rows still wait for its earlier ones.
        var handled = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Parallel.ForEachAsync(
            batch.GroupBy(r => r.Address).Select(g => g.ToList()),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (rows, ct) =>
            {
                foreach (var row in rows)
                {
                    if (!await HandleAsync(row, ct))
                        break; // the address's later rows wait for this one
                    handled.Add(row.Id);
                }
            });
        await inbox.MarkProcessedAsync(handled, time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);
        return batch.Count;
    }

    private async Task<bool> HandleAsync(StoredWebhook row, CancellationToken cancellationToken)
    {
        try
        {
            var form = QueryHelpers.ParseQuery(row.Payload);
            if (row.Kind == InboundStore.Status)
                await HandleStatusAsync(form, cancellationToken);
            else
                await HandleMessageAsync(row, form, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var delay = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, row.Attempts)));
            logger.LogError(e, "Twilio webhook {Id} ({Kind}) failed (attempt {Attempt}); retrying in {Delay}", row.Id, row.Kind, row.Attempts, delay);
            await inbox.RetryLaterAsync(row.Id, (time.GetUtcNow() + delay).ToUnixTimeMilliseconds(), $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
            return false;
        }
    }

    private async Task HandleMessageAsync(StoredWebhook row, Dictionary<string, StringValues> form, CancellationToken cancellationToken)
    {
        var sid = form.GetValueOrDefault("MessageSid").ToString();
        var from = form.GetValueOrDefault("From").ToString();
        var body = form.GetValueOrDefault("Body").ToString();
        var kind = TwilioChannels.KindOf(from);

        if (options.Value.Agents.TryGetValue(TwilioChannels.PhoneOf(from), out var agentId))
        {
            // S3: an agent's own number is never a shopper.
            await desk.HandleAsync(agentId, from, body, sid, cancellationToken);
            return;
        }

        var media = Media(form);
        await inbox.SaveMediaAsync(sid, media, cancellationToken);
        var text = MessageSplitter.WithMedia(body, media);
        if (text.Length > MessageLimits.MaxTextLength)
            text = text[..(MessageLimits.MaxTextLength - 1)] + "…";
        var name = form.GetValueOrDefault("ProfileName").ToString();

        if (kind == TwilioChannels.WhatsApp)
            await delivery.TouchWindowAsync(from, row.ReceivedAt, cancellationToken);
        await pipeline.AcceptAsync(
            new InboundMessage(options.Value.BotId, kind, from, sid, from, name.Length > 0 ? name : null, text), cancellationToken);
        if (kind == TwilioChannels.WhatsApp)
            await window.ReleaseAsync(from, cancellationToken);
    }

    private async Task HandleStatusAsync(Dictionary<string, StringValues> form, CancellationToken cancellationToken)
    {
        var sid = form.GetValueOrDefault("MessageSid").ToString();
        var status = form.GetValueOrDefault("MessageStatus").ToString();
        var errorCode = form.GetValueOrDefault("ErrorCode").ToString();
        if (errorCode == TwilioApiResult.OutsideWindow.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && await delivery.OutboundOfPartAsync(sid, cancellationToken) is { ToShopper: true, Channel: TwilioChannels.WhatsApp } held
            && options.Value.WhatsAppFrom is { } from)
        {
            // Twilio found the window closed after accepting the message: held and re-sent like a late reply.
            await window.HoldAsync(held, WhatsAppWindow.Error63016, from, cancellationToken);
            return;
        }
        await delivery.ApplyStatusAsync(sid, status, errorCode.Length > 0 ? errorCode : null, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
    }

    internal static IReadOnlyList<(string Url, string ContentType)> Media(Dictionary<string, StringValues> form)
    {
        if (!int.TryParse(form.GetValueOrDefault("NumMedia").ToString(), out var count) || count <= 0)
            return [];
        var media = new List<(string, string)>();
        for (var i = 0; i < Math.Min(count, 10); i++)
        {
            var url = form.GetValueOrDefault($"MediaUrl{i}").ToString();
            if (url.Length > 0)
                media.Add((url, form.GetValueOrDefault($"MediaContentType{i}").ToString() is { Length: > 0 } type ? type : "application/octet-stream"));
        }
        return media;
    }
}

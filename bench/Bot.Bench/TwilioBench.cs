using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Channels.Twilio;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Bench;

/// <summary>
/// Signed Twilio SMS webhooks against the real host: how many are acknowledged per second and how fast, with one in
/// twenty posted twice (as Twilio retries and carriers duplicate), and a check that every message was processed
/// exactly once. Outbound replies go to a local stand-in for the Twilio REST API that accepts everything.
/// Usage: <c>twilio [--store sqlite|postgres] [--postgres "cs"] [--rate N] [--duration S] [--warmup S] [--sender service|number]</c> (no rate: closed loop with 16
/// posters; warm-up 40 s of the same load by default, whose backlog is processed before the measured window starts).
/// </summary>
internal static class TwilioBench
{
    private const string AuthToken = "bench-twilio-auth-token";
    private const string AccountSid = "AC0000000000000000000000000000beef";
    private const string PublicBaseUrl = "https://bench.example";
    private const string SmsFrom = "+15550000000";
    private const string MessagingServiceSid = "MG0000000000000000000000000000beef";

    private static readonly string[] Texts = ["How long does standard shipping take?", "Do you ship to Canada?", "What payment methods do you accept?", "How do I return an item?"];

    public static async Task<int> RunAsync(string[] args)
    {
        var store = Arg(args, "--store") == "postgres" || Arg(args, "--postgres") is not null ? StoreKind.Postgres : StoreKind.Sqlite;
        var rate = Arg(args, "--rate") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : (int?)null;
        var duration = TimeSpan.FromSeconds(Arg(args, "--duration") is { } d ? int.Parse(d, CultureInfo.InvariantCulture) : 15);
        var warmup = TimeSpan.FromSeconds(Arg(args, "--warmup") is { } w ? int.Parse(w, CultureInfo.InvariantCulture) : 40);
        // A Messaging Service is how a shop sends this many SMS (Twilio spreads and paces them over its numbers); one
        // number paced here at 1,000/s is the alternative, and near that rate its replies queue behind the pacing.
        var sender = Arg(args, "--sender") ?? "service";
        if (sender is not ("service" or "number"))
            throw new ArgumentException("--sender is 'service' (a Messaging Service, the default) or 'number' (one number paced at 1,000/s).");

        await using var fakeApi = await StartFakeTwilioApiAsync();
        var options = BenchOptions.Parse(Arg(args, "--postgres") is { } server
            ? ["--postgres", server]
            : ["--store", store == StoreKind.Postgres ? "postgres" : "sqlite"]);
        await using var host = await BenchHost.StartAsync(options,
        [
            "--Twilio:AccountSid", AccountSid, "--Twilio:AuthToken", AuthToken, "--Twilio:PublicBaseUrl", PublicBaseUrl,
            "--Twilio:SmsFrom", SmsFrom, "--Twilio:ApiBaseUrl", fakeApi.Urls.First(), "--Twilio:Pacing:LongCode", "1000",
            .. (sender == "service" ? ["--Twilio:MessagingServiceSid", MessagingServiceSid] : Array.Empty<string>()),
        ]);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseCookies = false }) { BaseAddress = host.BaseAddress };

        var latencies = new ConcurrentBag<double>();
        var sids = new ConcurrentDictionary<string, byte>();
        var failures = 0;
        var posted = 0;
        async Task PostAsync(long n, long due, string prefix = "SMbench")
        {
            // Every 20th webhook repeats an earlier MessageSid.
            var id = n % 20 == 19 ? n - 7 : n;
            var form = new List<KeyValuePair<string, string>>
            {
                new("MessageSid", $"{prefix}{id:D12}"), new("AccountSid", AccountSid), new("From", $"+1555{id % 500:D7}"),
                new("To", SmsFrom), new("Body", Texts[id % Texts.Length]), new("NumMedia", "0"), new("SmsStatus", "received"),
            };
            var url = $"{PublicBaseUrl}/api/twilio/messages";
            var signature = TwilioSignature.Compute(AuthToken, url, form.Select(p => new KeyValuePair<string, IReadOnlyList<string>>(p.Key, [p.Value])));
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/twilio/messages") { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add(TwilioSignature.Header, signature);
            using var response = await http.SendAsync(request);
            latencies.Add(Stopwatch.GetElapsedTime(due).TotalMilliseconds);
            Interlocked.Increment(ref posted);
            if (!response.IsSuccessStatusCode)
                Interlocked.Increment(ref failures);
            else
                sids.TryAdd($"{prefix}{id:D12}", 0);
        }

        async Task<long> LoadAsync(TimeSpan length, string prefix)
        {
            var started = Stopwatch.GetTimestamp();
            var end = started + (long)(length.TotalSeconds * Stopwatch.Frequency);
            long next = 0;
            if (rate is { } perSecond)
            {
                var inFlight = new List<Task>();
                while (Stopwatch.GetTimestamp() < end)
                {
                    var dueCount = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * perSecond);
                    for (; next < dueCount; next++)
                        inFlight.Add(PostAsync(next, started + (long)(next * (double)Stopwatch.Frequency / perSecond), prefix));
                    await Task.Delay(1);
                }
                await Task.WhenAll(inFlight);
            }
            else
            {
                await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
                {
                    while (Stopwatch.GetTimestamp() < end)
                        await PostAsync(Interlocked.Increment(ref next), Stopwatch.GetTimestamp(), prefix);
                }));
            }
            return started;
        }

        await using var connection = await host.Database.OpenAsync();
        async Task<long> UnprocessedAsync() => await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM twilio_inbound WHERE processed_at IS NULL");
        async Task<long> UnsentAsync() => await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
        async Task<long> SentAsync() => await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE status = 'sent'");

        // Warm-up: the same load (so the JIT settles on this path), then its backlog processed; then the measured window.
        if (warmup > TimeSpan.Zero)
        {
            await LoadAsync(warmup, "SMwarm");
            for (var i = 0; i < 6000 && (await UnprocessedAsync() > 0 || await UnsentAsync() > 0); i++)
                await Task.Delay(50);
        }
        var sentBefore = await SentAsync();
        latencies.Clear();
        sids.Clear();
        posted = 0;
        failures = 0;
        var measuredFrom = await LoadAsync(duration, "SMbench");
        var elapsed = Stopwatch.GetElapsedTime(measuredFrom).TotalSeconds;

        // Let the background processor finish, then check exactly-once processing.
        var backlog = await UnprocessedAsync();
        var unsent = await UnsentAsync();
        var sentInWindow = await SentAsync() - sentBefore;
        for (var i = 0; i < 6000 && await UnprocessedAsync() > 0; i++)
            await Task.Delay(50);
        var drained = Stopwatch.GetElapsedTime(measuredFrom).TotalSeconds - elapsed;
        for (var i = 0; i < 6000 && await UnsentAsync() > 0; i++)
            await Task.Delay(50);
        var repliesDrained = Stopwatch.GetElapsedTime(measuredFrom).TotalSeconds - elapsed;
        var pending = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM twilio_inbound WHERE processed_at IS NULL");
        var stored = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM messages WHERE channel = 'sms' AND role = 'shopper' AND provider_message_id LIKE 'SMbench%'");
        var doubled = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM (SELECT provider_message_id FROM messages WHERE channel = 'sms' AND role = 'shopper' GROUP BY provider_message_id HAVING COUNT(*) > 1) d");

        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
        Console.WriteLine($"twilio webhooks, {(store == StoreKind.Postgres ? "PostgreSQL" : "SQLite")}, {(rate is null ? "closed loop, 16 posters" : $"{rate}/s offered")}, {warmup.TotalSeconds:0} s warm-up + {duration.TotalSeconds:0} s, replies {(sender == "service" ? "through a Messaging Service" : "from one number paced at 1,000/s")}");
        Console.WriteLine($"  acknowledged {posted / elapsed:N0}/s ({posted} posts, {failures} not 200, one in twenty a duplicate)");
        Console.WriteLine($"  ack latency p50 {P(0.5):0.0} ms, p95 {P(0.95):0.0} ms, p99 {P(0.99):0.0} ms, max {P(1):0.0} ms");
        Console.WriteLine($"  processing: {backlog} webhooks not yet processed when the posting stopped, drained {drained:0.0} s later; {stored / (elapsed + drained):N0} messages/s processed over the run");
        Console.WriteLine($"  replies: {sentInWindow / elapsed:N0}/s sent to the Twilio stand-in while posting; {unsent} not yet sent when the posting stopped, all sent {repliesDrained:0.0} s later");
        Console.WriteLine($"  processed: {stored} shopper messages stored for {sids.Count} distinct MessageSids, {doubled} stored twice, {pending} still pending");
        var correct = failures == 0 && pending == 0 && doubled == 0 && stored == sids.Count;
        Console.WriteLine(correct ? "  ok    every MessageSid processed exactly once" : "  FAIL  exactly-once processing");
        return correct ? 0 : 1;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>A stand-in for the Twilio REST API on loopback that accepts every message.</summary>
    private static async Task<WebApplication> StartFakeTwilioApiAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sequence = 0;
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", () =>
            Results.Json(new { sid = $"SMout{Interlocked.Increment(ref sequence):D12}", status = "queued" }, statusCode: 201));
        await app.StartAsync();
        return app;
    }
}

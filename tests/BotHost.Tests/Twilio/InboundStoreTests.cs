using BotHost.Tests.Infrastructure;
using Channels.Twilio;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.Twilio;

/// <summary>Webhooks stored together share one statement; the dedupe key still decides, inside a batch too.</summary>
public class InboundStoreTests
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task ConcurrentInserts_WithRepeatedKeys_StoreEachKeyOnce_AndReportOneWinnerPerKey(Store store)
    {
        await using var host = await TwilioTestHost.StartAsync(store);
        var inbox = host.App.Services.GetRequiredService<InboundStore>();
        await inbox.TryInsertAsync("status:SMknown:delivered", InboundStore.Status, "SMknown", "MessageSid=SMknown&MessageStatus=delivered", 1, CancellationToken.None);

        // Thirty keys, each posted three times at once (Twilio's retries, carriers' duplicates), plus one seen before.
        var keys = Enumerable.Range(0, 30).Select(i => $"status:SMbatch{i:D4}:delivered").ToList();
        var attempts = keys.SelectMany(k => Enumerable.Repeat(k, 3)).Append("status:SMknown:delivered").ToList();
        var results = await Task.WhenAll(attempts.Select(key => Task.Run(() =>
            inbox.TryInsertAsync(key, InboundStore.Status, key.Split(':')[1], $"MessageSid={key.Split(':')[1]}&MessageStatus=delivered", 2, CancellationToken.None)
                .ContinueWith(t => (key, stored: t.Result), TaskScheduler.Default))));

        foreach (var key in keys)
            Assert.Single(results, r => r.key == key && r.stored);
        Assert.DoesNotContain(results, r => r.key == "status:SMknown:delivered" && r.stored);
        Assert.Equal(31, await host.ScalarAsync("SELECT COUNT(*) FROM twilio_inbound"));
        Assert.Equal(31, await host.ScalarAsync("SELECT COUNT(DISTINCT dedupe_key) FROM twilio_inbound"));
    }
}

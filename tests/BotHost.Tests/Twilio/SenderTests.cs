using System.Net.Http.Json;
using System.Text.Json;
using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.Twilio;

public class SenderTests
{
    private const string Shopper = "+15557654321";
    private const string Question = "How long does standard shipping take?";

    private static IEnumerable<JsonElement> Outbound(JsonElement conversation) =>
        conversation.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("role").GetString() != "shopper");

    [Fact]
    public async Task Send_429WithRetryAfterThen500_RetriedUntilSent()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Fake.FailNext(429, 20429, "Too Many Requests", retryAfterSeconds: 1);
        host.Fake.FailNext(500, null, "Internal Server Error");
        await host.SayAsync(Shopper, Question);

        var attempts = await host.Fake.WaitForAsync(r => r.To == Shopper, count: 3);
        Assert.Equal(attempts[0].Body, attempts[2].Body);
        await host.WaitForConversationAsync("sms", Shopper, c => Outbound(c).Any(m => m.GetProperty("deliveryStatus").GetString() == "sent"));
    }

    [Fact]
    public async Task Send_RepliesToManyShoppers_GoSideBySideNotEightAtATime()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Fake.ResponseDelay = TimeSpan.FromSeconds(1);
        var shoppers = Enumerable.Range(0, 20).Select(i => $"+155576540{i:D2}").ToList();
        await Task.WhenAll(shoppers.Select(s => host.SayAsync(s, Question)));

        await host.Fake.WaitForAsync(r => shoppers.Contains(r.To), count: shoppers.Count);
        // Each call waits a second on the "network": one at a time per destination, but destinations side by side.
        Assert.True(host.Fake.MaxInFlight > 8, $"at most {host.Fake.MaxInFlight} calls were in flight at once");
    }

    [Fact]
    public async Task Send_ValidationError_FailsAtOnceWithTwiliosCodeAndMessage()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Fake.FailNext(400, 21211, "The 'To' number +15557654321 is not a valid phone number.");
        await host.SayAsync(Shopper, Question);

        var conversation = await host.WaitForConversationAsync("sms", Shopper, c => Outbound(c).Any(m => m.GetProperty("deliveryStatus").GetString() == "failed"));
        Assert.Equal("Twilio 21211: The 'To' number +15557654321 is not a valid phone number.", Outbound(conversation).Single().GetProperty("deliveryError").GetString());
        await Task.Delay(200);
        Assert.Single(host.Fake.Requests, r => r.To == Shopper);
    }

    [Fact]
    public async Task Send_LongReply_SplitOnWordsIntoOrderedPartsWithASidEach()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await host.SayAsync(Shopper, "I want to talk to a human");
        var conversation = await host.WaitForConversationAsync("sms", Shopper, c => c.GetProperty("controller").GetString() == "waiting");
        var id = conversation.GetProperty("id").GetString();
        var alice = host.App.Client("alice");
        (await alice.PostAsync($"/api/conversations/{id}/claim", null)).EnsureSuccessStatusCode();
        var words = string.Join(' ', Enumerable.Range(0, 450).Select(i => $"word{i}"));
        (await alice.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = words })).EnsureSuccessStatusCode();

        var parts = await host.Fake.WaitForAsync(r => r.To == Shopper && r.Body!.Contains("word", StringComparison.Ordinal), count: 3);
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.True(p.Body!.Length <= 1600));
        Assert.Equal("Alice: " + words, string.Join(' ', parts.Select(p => p.Body)));
        await host.WaitForConversationAsync("sms", Shopper, c => c.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("text").GetString() == words && m.GetProperty("deliveryStatus").GetString() == "sent"));
        Assert.Equal(3, await host.ScalarAsync("SELECT COUNT(DISTINCT p.sid) FROM twilio_parts p JOIN messages m ON m.id = p.message_id WHERE m.text = @words AND p.to_shopper = 1", new { words }));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task StatusCallback_Delivered_VisibleOnTheConversationAndNeverMovesBack(Store store)
    {
        await using var host = await TwilioTestHost.StartAsync(store);
        await host.SayAsync(Shopper, Question);
        var sent = (await host.Fake.WaitForAsync(r => r.To == Shopper)).Single();

        foreach (var status in new[] { "sent", "delivered", "sent" })
        {
            var response = await host.PostSignedAsync("/api/twilio/status",
                [new("MessageSid", sent.Sid), new("MessageStatus", status), new("AccountSid", TwilioTestHost.AccountSid), new("To", Shopper), new("From", TwilioTestHost.SmsFrom)]);
            response.EnsureSuccessStatusCode();
        }
        await host.WaitForConversationAsync("sms", Shopper, c => Outbound(c).Single().GetProperty("deliveryStatus").GetString() == "delivered");
        await Task.Delay(300);
        var conversation = await host.ConversationAtAsync("sms", Shopper);
        Assert.Equal("delivered", Outbound(conversation).Single().GetProperty("deliveryStatus").GetString());

        (await host.PostSignedAsync("/api/twilio/status",
            [new("MessageSid", sent.Sid), new("MessageStatus", "undelivered"), new("ErrorCode", "30003")])).EnsureSuccessStatusCode();
        conversation = await host.WaitForConversationAsync("sms", Shopper, c => Outbound(c).Single().GetProperty("deliveryStatus").GetString() == "failed");
        Assert.Contains("30003", Outbound(conversation).Single().GetProperty("deliveryError").GetString(), StringComparison.Ordinal);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Channels.Twilio;
using Testing;

namespace BotHost.Tests.Twilio;

/// <summary>
/// C1: the WhatsApp 24-hour window, on the host's clock. The host and the fake Twilio share a manual clock that the
/// test moves past the 24 hours; nothing rewrites stored timestamps.
/// </summary>
public class WhatsAppWindowTests
{
    private const string Shopper = "whatsapp:+15557650001";
    private const string Reply = "Sorry for the wait!";
    private const string AsSent = "Alice: " + Reply;

    /// <summary>How the window turns out to be closed when the agent's reply goes out.</summary>
    public enum ClosedBy
    {
        /// <summary>More than 24 hours passed since the shopper's last message.</summary>
        TimePassing,
        /// <summary>Our record says open, but Twilio refuses the reply with error 63016.</summary>
        TwilioRefusing63016,
        /// <summary>Twilio accepts the reply, then its status callback reports it undelivered with error 63016.</summary>
        StatusCallback63016,
    }

    /// <summary>Sends from one number are paced a millisecond apart on the host's clock: let it run slowly by itself.</summary>
    private static IAsyncDisposable Flowing(ManualTimeProvider clock) => clock.Flow(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

    private static string Controller(JsonElement c) => c.GetProperty("controller").GetString()!;

    private static JsonElement.ArrayEnumerator Messages(JsonElement c) => c.GetProperty("messages").EnumerateArray();

    [Theory]
    [InlineData(ClosedBy.TimePassing)]
    [InlineData(ClosedBy.TwilioRefusing63016)]
    [InlineData(ClosedBy.StatusCallback63016)]
    public async Task LateAgentReply_TemplateSentAgentToldAndHeldReplySentWhenTheShopperAnswers(ClosedBy closedBy)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TwilioTestHost.StartAsync(clock: clock);
        await using var flowing = Flowing(clock);
        var fake = host.Fake;
        await host.SayAsync(Shopper, "I need a human", new KeyValuePair<string, string>("ProfileName", "Wanda"));
        var waiting = await host.WaitForConversationAsync("whatsapp", Shopper, c => Controller(c) == "waiting");
        var id = waiting.GetProperty("id").GetString();
        var alice = host.App.Client("alice");
        (await alice.PostAsync($"/api/conversations/{id}/claim", null)).EnsureSuccessStatusCode();
        await fake.WaitForAsync(r => r.To == Shopper && r.Body!.Contains("Alice", StringComparison.Ordinal));
        // Alice answers once inside the window: an agent who never answered would be reassigned by the pickup timer
        // (P2) when the clock jumps a day, and this test is about the window, not about that.
        (await alice.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = "Let me check that for you." })).EnsureSuccessStatusCode();
        await fake.WaitForAsync(r => r.To == Shopper && r.Body!.Contains("Let me check", StringComparison.Ordinal));
        await host.WaitUntilSettledAsync();

        if (closedBy == ClosedBy.TimePassing)
            clock.Advance(WhatsAppWindow.Length + TimeSpan.FromMinutes(1));
        if (closedBy == ClosedBy.TwilioRefusing63016)
            fake.FailNext(400, 63016, "Failed to send freeform message because you are outside the allowed window.", matches: f => f.GetValueOrDefault("Body") == AsSent);
        (await alice.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = Reply })).EnsureSuccessStatusCode();
        if (closedBy == ClosedBy.StatusCallback63016)
        {
            var accepted = (await fake.WaitForAsync(r => r.Body == AsSent)).Single();
            // The callback is about a part the host has recorded (its SID), as it is when Twilio calls back.
            await host.WaitForConversationAsync("whatsapp", Shopper, c => Messages(c).Any(m => m.GetProperty("text").GetString() == Reply && m.GetProperty("deliveryStatus").GetString() == "sent"));
            (await host.PostSignedAsync("/api/twilio/status",
            [
                new("MessageSid", accepted.Sid), new("MessageStatus", "undelivered"), new("ErrorCode", "63016"),
                new("AccountSid", TwilioTestHost.AccountSid), new("To", Shopper), new("From", TwilioTestHost.WhatsAppFrom),
            ])).EnsureSuccessStatusCode();
        }

        var template = (await fake.WaitForAsync(r => r.To == Shopper && r.ContentSid is not null)).Single();
        Assert.Equal(TwilioTestHost.TemplateSid, template.ContentSid);
        Assert.Equal("{\"1\":\"Demo shop\"}", template.Form["ContentVariables"]);
        Assert.False(template.Form.ContainsKey("Body"));
        var noted = await host.WaitForConversationAsync("whatsapp", Shopper, c =>
            Messages(c).Any(m => m.GetProperty("internal").GetBoolean() && m.GetProperty("text").GetString()!.StartsWith("Held:", StringComparison.Ordinal)));
        var note = Messages(noted).Single(m => m.GetProperty("internal").GetBoolean()).GetProperty("text").GetString()!;
        Assert.Contains(closedBy == ClosedBy.TimePassing ? "24-hour WhatsApp window is closed" : "error 63016", note, StringComparison.Ordinal);
        if (closedBy != ClosedBy.StatusCallback63016) // a reply Twilio had accepted stays "sent": statuses never move back (C2)
            Assert.Equal("held", Messages(noted).Single(m => m.GetProperty("text").GetString() == Reply).GetProperty("deliveryStatus").GetString());
        var triedBefore = closedBy == ClosedBy.TimePassing ? 0 : 1;
        Assert.Equal(triedBefore, fake.Requests.Count(r => r.Body == AsSent));

        await host.SayAsync(Shopper, "Hi again");
        await fake.WaitForAsync(r => r.Body == AsSent, count: triedBefore + 1);
        await host.WaitForConversationAsync("whatsapp", Shopper, c =>
            Messages(c).Single(m => m.GetProperty("text").GetString() == Reply).GetProperty("deliveryStatus").GetString() == "sent");
        await host.WaitUntilSettledAsync();
        Assert.Equal(triedBefore + 1, fake.Requests.Count(r => r.Body == AsSent));
        Assert.Single(fake.Requests, r => r.ContentSid is not null);
    }

    [Fact]
    public async Task AgentReply_JustInsideTheWindow_GoesOutWithoutATemplate()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TwilioTestHost.StartAsync(clock: clock);
        await using var flowing = Flowing(clock);
        await host.SayAsync(Shopper, "I need a human");
        var id = (await host.WaitForConversationAsync("whatsapp", Shopper, c => Controller(c) == "waiting")).GetProperty("id").GetString();
        var alice = host.App.Client("alice");
        (await alice.PostAsync($"/api/conversations/{id}/claim", null)).EnsureSuccessStatusCode();
        // Answered once, so the pickup timer (P2) leaves Alice the conversation when the clock jumps.
        (await alice.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = "Let me check that for you." })).EnsureSuccessStatusCode();
        await host.Fake.WaitForAsync(r => r.Body!.Contains("Let me check", StringComparison.Ordinal));
        await host.WaitUntilSettledAsync();

        clock.Advance(WhatsAppWindow.Length - TimeSpan.FromMinutes(1));
        (await alice.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = Reply })).EnsureSuccessStatusCode();
        await host.Fake.WaitForAsync(r => r.Body == AsSent);
        await host.WaitUntilSettledAsync();
        Assert.DoesNotContain(host.Fake.Requests, r => r.ContentSid is not null);
    }
}

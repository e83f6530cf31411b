using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.Twilio;

public partial class EndToEndTests
{
    private const string Shopper = "+15557654321";

    [GeneratedRegex("#([A-Z2-9]{3,})")]
    private static partial Regex Code();

    private static string Controller(JsonElement c) => c.GetProperty("controller").GetString()!;

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task SmsShopper_WhatsAppAgent_HandoverClaimReplyBack_AiAnswersAgain(Store store)
    {
        await using var host = await TwilioTestHost.StartAsync(store);
        var fake = host.Fake;

        await host.SayAsync(Shopper, "How long does standard shipping take?");
        var aiAnswer = (await fake.WaitForAsync(r => r.To == Shopper)).Single();
        Assert.Contains("business days", aiAnswer.Body, StringComparison.OrdinalIgnoreCase);

        await host.SayAsync(Shopper, "can I talk to a human?");
        var notification = (await fake.WaitForAsync(r => r.To == TwilioTestHost.AliceWhatsApp && r.Body!.StartsWith("Needs you", StringComparison.Ordinal))).Single();
        Assert.Equal(TwilioTestHost.WhatsAppFrom, notification.Form["From"]);
        Assert.Contains("contact_request", notification.Body, StringComparison.Ordinal);
        Assert.Contains("can I talk to a human?", notification.Body, StringComparison.Ordinal);
        var code = Code().Match(notification.Body!).Groups[1].Value;

        await host.SayAsync(TwilioTestHost.AliceWhatsApp, $"claim {code}");
        await fake.WaitForAsync(r => r.To == TwilioTestHost.AliceWhatsApp && r.Body!.StartsWith($"You have #{code}", StringComparison.Ordinal));
        var claimed = await host.WaitForConversationAsync("sms", Shopper, c => Controller(c) == "human");
        Assert.Equal("alice", claimed.GetProperty("agent").GetString());
        await fake.WaitForAsync(r => r.To == Shopper && r.Body!.Contains("Alice", StringComparison.Ordinal)); // takeover notice

        await host.SayAsync(TwilioTestHost.AliceWhatsApp, "Hi, Alice here. How can I help?");
        await fake.WaitForAsync(r => r.To == Shopper && r.Body == "Alice: Hi, Alice here. How can I help?");

        await host.SayAsync(Shopper, "My parcel is late");
        await fake.WaitForAsync(r => r.To == TwilioTestHost.AliceWhatsApp && r.Body == $"#{code} Shopper: My parcel is late");

        await host.SayAsync(TwilioTestHost.AliceWhatsApp, "note VIP customer");
        await host.WaitForConversationAsync("sms", Shopper, c => c.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("internal").GetBoolean()));

        await host.SayAsync(TwilioTestHost.AliceWhatsApp, "back");
        await host.WaitForConversationAsync("sms", Shopper, c => Controller(c) == "ai");
        await fake.WaitForAsync(r => r.To == TwilioTestHost.AliceWhatsApp && r.Body == $"#{code} given back to the AI.");

        // The give-back notice is delivered asynchronously: wait for it, so the next count starts after it.
        await fake.WaitForAsync(r => r.To == Shopper && r.Body!.Contains("back to being handled by AI", StringComparison.Ordinal));
        var before = fake.Requests.Count(r => r.To == Shopper);
        await host.SayAsync(Shopper, "How long does standard shipping take?");
        var after = await fake.WaitForAsync(r => r.To == Shopper, count: before + 1);
        Assert.Contains("business days", after[^1].Body, StringComparison.OrdinalIgnoreCase);
        var final = await host.ConversationAtAsync("sms", Shopper);
        Assert.Equal("ai", final.GetProperty("messages").EnumerateArray().Last().GetProperty("role").GetString());
        // Nothing the agent typed as a command reached the shopper, and the note never did.
        Assert.DoesNotContain(fake.Requests, r => r.To == Shopper && (r.Body!.Contains("claim", StringComparison.Ordinal) || r.Body.Contains("VIP", StringComparison.Ordinal) || r.Body == "back"));
        // After 'back' the agent's phone no longer mirrors the conversation.
        Assert.DoesNotContain(fake.Requests, r => r.To == TwilioTestHost.AliceWhatsApp && r.Body!.StartsWith($"#{code} AI:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AgentPhone_UnknownCommandOrNoConversation_GetsHelpAndNothingReachesAShopper()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await host.SayAsync(TwilioTestHost.AliceWhatsApp, "/frobnicate");
        await host.Fake.WaitForAsync(r => r.To == TwilioTestHost.AliceWhatsApp && r.Body!.Contains("Unknown command", StringComparison.Ordinal));
        await host.SayAsync(TwilioTestHost.AliceWhatsApp, "hello there, anyone?");
        await host.Fake.WaitForAsync(r => r.To == TwilioTestHost.AliceWhatsApp && r.Body!.Contains("You have no conversation", StringComparison.Ordinal));
        Assert.Equal(0, await host.ScalarAsync("SELECT COUNT(*) FROM conversations"));
    }

    [Fact]
    public async Task AgentClaimedOnTheWeb_RepliesFromThePhone_StateStaysRight()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await host.SayAsync(Shopper, "talk to a human please");
        var waiting = await host.WaitForConversationAsync("sms", Shopper, c => Controller(c) == "waiting");
        var id = waiting.GetProperty("id").GetString();
        (await host.App.Client("alice").PostAsync($"/api/conversations/{id}/claim", null)).EnsureSuccessStatusCode();

        await host.SayAsync(TwilioTestHost.AliceWhatsApp, "Hello from my phone");
        await host.Fake.WaitForAsync(r => r.To == Shopper && r.Body == "Alice: Hello from my phone");

        // Resolved on the web: the phone is told nothing more and its next text is not relayed.
        (await host.App.Client("alice").PostAsync($"/api/conversations/{id}/resolve", null)).EnsureSuccessStatusCode();
        await host.SayAsync(TwilioTestHost.AliceWhatsApp, "one more thing");
        await host.Fake.WaitForAsync(r => r.To == TwilioTestHost.AliceWhatsApp && r.Body!.Contains("You have no conversation", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Fake.Requests, r => r.To == Shopper && r.Body!.Contains("one more thing", StringComparison.Ordinal));
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.Twilio;

public partial class EndToEndTests
{
    private const string Shopper = "+15557654321";
    private const string WhatsAppShopper = "whatsapp:+15557650001";

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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WhatsApp_LateAgentReply_TemplateThenHeldReplyAfterTheShopperAnswers(bool twilioSays63016)
    {
        await using var host = await TwilioTestHost.StartAsync();
        var fake = host.Fake;
        await host.SayAsync(WhatsAppShopper, "I need a human", new KeyValuePair<string, string>("ProfileName", "Wanda"));
        var waiting = await host.WaitForConversationAsync("whatsapp", WhatsAppShopper, c => Controller(c) == "waiting");
        var id = waiting.GetProperty("id").GetString();
        var alice = host.App.Client("alice");
        (await alice.PostAsync($"/api/conversations/{id}/claim", null)).EnsureSuccessStatusCode();
        await fake.WaitForAsync(r => r.To == WhatsAppShopper && r.Body!.Contains("Alice", StringComparison.Ordinal));

        if (twilioSays63016)
            fake.FailNext(400, 63016, "Failed to send freeform message because you are outside the allowed window.", matches: f => f.GetValueOrDefault("Body")?.Contains("Sorry", StringComparison.Ordinal) == true);
        else
            await host.ExecuteAsync("UPDATE twilio_windows SET last_inbound_at = last_inbound_at - @h25", new { h25 = (long)TimeSpan.FromHours(25).TotalMilliseconds });

        (await alice.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = "Sorry for the wait!" })).EnsureSuccessStatusCode();
        var template = (await fake.WaitForAsync(r => r.To == WhatsAppShopper && r.ContentSid is not null)).Single();
        Assert.Equal(TwilioTestHost.TemplateSid, template.ContentSid);
        Assert.Equal("{\"1\":\"Demo shop\"}", template.Form["ContentVariables"]);
        Assert.False(template.Form.ContainsKey("Body"));
        var held = await host.WaitForConversationAsync("whatsapp", WhatsAppShopper, c =>
            c.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("internal").GetBoolean() && m.GetProperty("text").GetString()!.StartsWith("Held:", StringComparison.Ordinal)));
        Assert.Equal("held", held.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("text").GetString() == "Sorry for the wait!").GetProperty("deliveryStatus").GetString());
        Assert.Equal(twilioSays63016 ? 1 : 0, fake.Requests.Count(r => r.Body == "Alice: Sorry for the wait!"));

        await host.SayAsync(WhatsAppShopper, "Hi again");
        await fake.WaitForAsync(r => r.Body == "Alice: Sorry for the wait!", count: twilioSays63016 ? 2 : 1);
        await host.WaitForConversationAsync("whatsapp", WhatsAppShopper, c =>
            c.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("text").GetString() == "Sorry for the wait!").GetProperty("deliveryStatus").GetString() == "sent");
        Assert.Single(fake.Requests, r => r.ContentSid is not null);
    }
}

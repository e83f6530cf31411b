using System.Net;
using System.Text.Json;
using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.Twilio;

public class WebhookTests
{
    private const string Shopper = "+15557654321";

    private static async Task AssertForbiddenAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(403, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Messages_ValidSignature_AnswersEmptyTwimlAndTheAiReplies()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = TwilioTestHost.Inbound(Shopper, "How long does standard shipping take?");
        var response = await host.PostSignedAsync("/api/twilio/messages", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("<Response/>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var reply = (await host.Fake.WaitForAsync(r => r.To == Shopper)).Single();
        Assert.Equal(TwilioTestHost.SmsFrom, reply.Form["From"]);
        Assert.Equal(TwilioTestHost.PublicBaseUrl + "/api/twilio/status", reply.Form["StatusCallback"]);
        Assert.Equal("/2010-04-01/Accounts/" + TwilioTestHost.AccountSid + "/Messages.json", reply.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{TwilioTestHost.AccountSid}:{TwilioTestHost.AuthToken}")), reply.Authorization);
    }

    [Fact]
    public async Task Messages_BadSignatures_Are403AndStoreNothing()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = TwilioTestHost.Inbound(Shopper, "hello");
        var signature = TwilioTestHost.Sign(TwilioTestHost.PublicBaseUrl + "/api/twilio/messages", form);

        var tampered = form.Select(p => p.Key == "Body" ? new KeyValuePair<string, string>("Body", "hello!") : p).ToList();
        await AssertForbiddenAsync(await host.PostSignedAsync("/api/twilio/messages", tampered, signature));
        var wrongUrl = TwilioTestHost.Sign("https://evil.example.com/api/twilio/messages", form);
        await AssertForbiddenAsync(await host.PostSignedAsync("/api/twilio/messages", form, wrongUrl));
        var otherToken = TwilioTestHost.Sign(TwilioTestHost.PublicBaseUrl + "/api/twilio/messages", form, "another-token-0123456789abcdef");
        await AssertForbiddenAsync(await host.PostSignedAsync("/api/twilio/messages", form, otherToken));
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/twilio/messages") { Content = new FormUrlEncodedContent(form) };
        await AssertForbiddenAsync(await host.Http.SendAsync(unsigned));
        await AssertForbiddenAsync(await host.PostSignedAsync("/api/twilio/status", [new("MessageSid", "SM1"), new("MessageStatus", "delivered")], "bad"));

        Assert.Equal(0, await host.ScalarAsync("SELECT COUNT(*) FROM twilio_inbound"));
        Assert.Equal(0, await host.ScalarAsync("SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public async Task Messages_QueryStringIsPartOfTheSignedUrl()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var form = TwilioTestHost.Inbound(Shopper, "hello");
        var path = "/api/twilio/messages?source=number-1";
        var response = await host.PostSignedAsync(path, form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertForbiddenAsync(await host.PostSignedAsync(path, form, TwilioTestHost.Sign(TwilioTestHost.PublicBaseUrl + "/api/twilio/messages", form)));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Messages_SameMessageSidThreeTimesConcurrently_StoredAndAnsweredOnce(Store store)
    {
        await using var host = await TwilioTestHost.StartAsync(store);
        var form = TwilioTestHost.Inbound(Shopper, "How long does standard shipping take?", sid: "SMdup0000000000000000000000000001");
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.PostSignedAsync("/api/twilio/messages", form)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var conversation = await host.WaitForConversationAsync("sms", Shopper, c => c.GetProperty("messages").GetArrayLength() >= 2);
        await host.Fake.WaitForAsync(r => r.To == Shopper);
        await Task.Delay(300); // a second processing would have shown by now
        Assert.Single(conversation.GetProperty("messages").EnumerateArray(), m => m.GetProperty("role").GetString() == "shopper");
        Assert.Equal(1, await host.ScalarAsync("SELECT COUNT(*) FROM twilio_inbound"));
        Assert.Single(host.Fake.Requests, r => r.To == Shopper);
    }

    [Fact]
    public async Task Messages_WhatsAppWithMedia_KeepsAttachmentsAndProfileName()
    {
        await using var host = await TwilioTestHost.StartAsync();
        const string shopper = "whatsapp:+15557650000";
        await host.SayAsync(shopper, "Is this broken?",
            new("NumMedia", "2"), new("MediaUrl0", "https://api.twilio.com/media/ME1"), new("MediaContentType0", "image/jpeg"),
            new("MediaUrl1", "https://api.twilio.com/media/ME2"), new("MediaContentType1", "video/mp4"), new("ProfileName", "Sam Shopper"), new("WaId", "15557650000"));

        var conversation = await host.WaitForConversationAsync("whatsapp", shopper, c => c.GetProperty("messages").GetArrayLength() >= 1);
        Assert.Equal("Sam Shopper", conversation.GetProperty("shopperName").GetString());
        var text = conversation.GetProperty("messages")[0].GetProperty("text").GetString();
        Assert.Equal("Is this broken?\n[image/jpeg attachment: https://api.twilio.com/media/ME1]\n[video/mp4 attachment: https://api.twilio.com/media/ME2]", text);
        Assert.Equal(2, await host.ScalarAsync("SELECT COUNT(*) FROM twilio_media"));
    }

    [Fact]
    public async Task Messages_LeftUnprocessedByACrash_AreProcessedAfterTheRestart()
    {
        await using var host = await TwilioTestHost.StartAsync();
        // What a crash between storing and processing leaves behind: a stored row whose lock has run out.
        var payload = string.Join('&', TwilioTestHost.Inbound(Shopper, "How long does standard shipping take?", sid: "SMcrash00000000000000000000000001")
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        await host.ExecuteAsync("""
            INSERT INTO twilio_inbound (dedupe_key, kind, address, payload, received_at, attempts, locked_until)
            VALUES ('SMcrash00000000000000000000000001', 'message', @Shopper, @payload, 1, 1, 2)
            """, new { Shopper, payload });
        await host.WaitForConversationAsync("sms", Shopper, c => c.GetProperty("messages").GetArrayLength() >= 2);
        await host.Fake.WaitForAsync(r => r.To == Shopper);
    }

    [Fact]
    public async Task Webhooks_WithoutTwilioSection_AreNotServed()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Client().PostAsync("/api/twilio/messages", new FormUrlEncodedContent([new("MessageSid", "SM1")]));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BotHost.Tests.Infrastructure;
using Handover.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.Teams;

/// <summary>
/// A shopper in web chat (over Direct Line) asks for a person; the agents answer from Teams, which is played by the
/// fake Bot Connector: card in the channel, Claim, replies both ways, notes, refusals, give back.
/// </summary>
public sealed class TeamsEndToEndTests
{
    private sealed record WebChatShopper(HttpClient Client, string DirectLineId, string UserId);

    private static async Task<WebChatShopper> OpenWebChatAsync(TestApp app)
    {
        var client = app.Client();
        using var tokenResponse = await client.PostAsJsonAsync("/api/webchat/token", new { name = "Sam" });
        var token = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        return new WebChatShopper(client, token.GetProperty("conversationId").GetString()!, token.GetProperty("userId").GetString()!);
    }

    private static async Task SaysAsync(WebChatShopper shopper, string text)
    {
        using var response = await shopper.Client.PostAsJsonAsync($"/v3/directline/conversations/{shopper.DirectLineId}/activities",
            new { type = "message", from = new { id = shopper.UserId, name = "Sam" }, text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<List<string>> BotTextsAsync(WebChatShopper shopper)
    {
        var set = await shopper.Client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{shopper.DirectLineId}/activities");
        return set.GetProperty("activities").EnumerateArray()
            .Where(a => a.GetProperty("from").GetProperty("id").GetString() != shopper.UserId && a.TryGetProperty("text", out _))
            .Select(a => a.GetProperty("text").GetString()!).ToList();
    }

    private static async Task<JsonElement> ConversationAsync(TestApp app, string id) =>
        await app.Client("admin").GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");

    private static IEnumerable<string> TextsPostedTo(FakeBotConnector fake, string conversationId) =>
        fake.ConnectorCalls
            .Where(r => r.Method == "POST" && r.Path == $"/v3/conversations/{conversationId}/activities")
            .Select(r => r.Json?["text"]?.GetValue<string>() ?? "");

    private static async Task AcceptedAsync(HttpClient teams, JsonObject activity, string auth)
    {
        using var response = await TeamsActivities.PostAsync(teams, activity, auth);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Handover_ClaimReplyNoteBack_FlowsBetweenWebChatAndTheTeamsThread(Store store)
    {
        await using var fake = await FakeBotConnector.StartAsync();
        await using var app = await TestApp.StartAsync(store, fake.Settings());
        using var teams = app.Client();
        var auth = $"Bearer {fake.Token()}";

        // Alice has a personal chat with the bot, so she hears of assignments there.
        await AcceptedAsync(teams, TeamsActivities.PersonalMessage(fake, TeamsUser.Alice, "help"), auth);

        var shopper = await OpenWebChatAsync(app);
        await SaysAsync(shopper, "can I talk to a person?");
        var conversation = await Eventually.GetAsync(async () =>
        {
            var list = await app.Client("alice").GetFromJsonAsync<JsonElement>($"/api/conversations?view=waiting&channel=webchat&address={shopper.DirectLineId}");
            return list.EnumerateArray().Select(c => c.GetProperty("id").GetString()).FirstOrDefault();
        }, "the conversation to wait for an agent");

        // The card opens a new thread in the agents' channel.
        var create = await Eventually.GetAsync(() => fake.ConnectorCalls.FirstOrDefault(r => r.Method == "POST" && r.Path == "/v3/conversations"), "the handover card");
        var created = create.Json!;
        Assert.Equal("19:agents@thread.skype", created["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.True(created["isGroup"]!.GetValue<bool>());
        var card = created["activity"]!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", card["contentType"]!.GetValue<string>());
        var cardText = card["content"]!.ToJsonString();
        Assert.Contains("Sam", cardText);
        Assert.Contains("contact_request", cardText);
        Assert.Contains("can I talk to a person?", cardText);
        Assert.Contains("Action.Execute", cardText);
        Assert.Equal("Bearer bot-token-for-botframework.com", create.Authorization);
        const string thread = "19:agents@thread.skype;messageid=1001";

        // Alice and Bob click Claim at once: one wins, the other is told who did.
        var clicks = await Task.WhenAll(
            TeamsActivities.PostAsync(teams, TeamsActivities.ClaimInvoke(fake, thread, TeamsUser.Alice, conversation), auth),
            TeamsActivities.PostAsync(teams, TeamsActivities.ClaimInvoke(fake, thread, TeamsUser.Bob, conversation), auth));
        var answers = new List<string>();
        foreach (var click in clicks)
        {
            Assert.Equal(HttpStatusCode.OK, click.StatusCode);
            var body = await click.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
            Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("type").GetString());
            answers.Add(body.GetProperty("value").GetRawText());
        }
        var state = await ConversationAsync(app, conversation);
        var winner = state.GetProperty("agent").GetString();
        Assert.Contains(winner, new[] { "alice", "bob" });
        var (winnerUser, loserUser) = winner == "alice" ? (TeamsUser.Alice, TeamsUser.Bob) : (TeamsUser.Bob, TeamsUser.Alice);
        Assert.Single(answers, a => a.Contains($"Claimed by {winnerUser.Name}", StringComparison.Ordinal) && !a.Contains("first", StringComparison.Ordinal));
        Assert.Single(answers, a => a.Contains($"{winnerUser.Name} claimed it first", StringComparison.Ordinal));

        // The card is updated in place for everyone, without the Claim button.
        var update = await Eventually.GetAsync(() => fake.ConnectorCalls.FirstOrDefault(r =>
            r.Method == "PUT" && r.Path == $"/v3/conversations/{thread}/activities/1001" && r.Body.Contains($"Claimed by {winnerUser.Name}", StringComparison.Ordinal)), "the card update");
        Assert.DoesNotContain("Action.Execute", update.Body);

        // The winner answers in the thread: the shopper gets it in web chat. The Connector delivering the same activity
        // again (it retries when the bot answers late) posts nothing new.
        var hello = TeamsActivities.ChannelMessage(fake, thread, winnerUser, "Hi Sam, happy to help.");
        await AcceptedAsync(teams, hello, auth);
        await AcceptedAsync(teams, hello, auth);
        await Eventually.GetAsync(async () => (await BotTextsAsync(shopper)).Any(t => t.EndsWith("Hi Sam, happy to help.", StringComparison.Ordinal)) ? "yes" : null, "the reply in web chat");
        var messages = (await ConversationAsync(app, conversation)).GetProperty("messages").EnumerateArray().ToList();
        Assert.Single(messages, m => m.GetProperty("role").GetString() == "human" && m.GetProperty("text").GetString() == "Hi Sam, happy to help." && m.GetProperty("agent").GetString() == winner);

        // The other agent may not answer the shopper; they are told so in the thread.
        await AcceptedAsync(teams, TeamsActivities.ChannelMessage(fake, thread, loserUser, "I can take this"), auth);
        await Eventually.GetAsync(() => TextsPostedTo(fake, thread).FirstOrDefault(t => t.Contains($"Only {winnerUser.Name} can answer", StringComparison.Ordinal)), "the refusal notice");

        // A note stays among agents.
        await AcceptedAsync(teams, TeamsActivities.ChannelMessage(fake, thread, loserUser, "note VIP customer, be nice"), auth);
        await Eventually.GetAsync(async () => (await ConversationAsync(app, conversation)).GetProperty("messages").EnumerateArray()
            .Any(m => m.GetProperty("internal").GetBoolean() && m.GetProperty("text").GetString() == "VIP customer, be nice") ? "yes" : null, "the note");

        // The shopper's answer appears in the thread.
        await SaysAsync(shopper, "my order is 1234");
        await Eventually.GetAsync(() => TextsPostedTo(fake, thread).FirstOrDefault(t => t == "🛍 Sam: my order is 1234"), "the shopper's message in the thread");

        // The winner hears of the assignment in their personal chat (if they have one).
        if (winnerUser == TeamsUser.Alice)
            await Eventually.GetAsync(() => TextsPostedTo(fake, $"a:personal-{TeamsUser.Alice.Aad}").FirstOrDefault(t => t.StartsWith("You now handle", StringComparison.Ordinal)), "the assignment notice");

        // Back to the AI: the card says so and the AI answers the next question.
        await AcceptedAsync(teams, TeamsActivities.ChannelMessage(fake, thread, winnerUser, "back"), auth);
        await Eventually.GetAsync(async () => (await ConversationAsync(app, conversation)).GetProperty("controller").GetString() == "ai" ? "yes" : null, "the give-back");
        await Eventually.GetAsync(() => fake.ConnectorCalls.FirstOrDefault(r => r.Method == "PUT" && r.Body.Contains("Given back to the AI", StringComparison.Ordinal)), "the card after give-back");
        var before = (await BotTextsAsync(shopper)).Count;
        await SaysAsync(shopper, "How long does standard shipping take?");
        var aiAnswer = await Eventually.GetAsync(async () => (await BotTextsAsync(shopper)).Skip(before).FirstOrDefault(t => t.Contains("day", StringComparison.OrdinalIgnoreCase)), "the AI's answer");
        await Eventually.GetAsync(() => TextsPostedTo(fake, thread).FirstOrDefault(t => t == $"🤖 {aiAnswer}"), "the AI's answer in the thread");

        // The bot's own messages never echo back into the thread they were written in, and one token served every call.
        Assert.DoesNotContain(TextsPostedTo(fake, thread), t => t.Contains("happy to help", StringComparison.Ordinal));
        Assert.Equal(1, fake.Requests.Count(r => r.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ThreadCommands_TransferByMention_AndPersonalListAndClaim()
    {
        await using var fake = await FakeBotConnector.StartAsync();
        await using var app = await TestApp.StartAsync(settings: fake.Settings());
        using var teams = app.Client();
        var auth = $"Bearer {fake.Token()}";
        // Bob is known to the bot (he wrote before), so a mention of his Teams id resolves to him.
        await AcceptedAsync(teams, TeamsActivities.PersonalMessage(fake, TeamsUser.Bob, "help"), auth);

        var conversation = (await app.ShopperSaysAsync("dl-transfer", "I want to speak to a human")).ConversationId;
        await Eventually.GetAsync(() => fake.ConnectorCalls.FirstOrDefault(r => r.Path == "/v3/conversations"), "the card");

        await AcceptedAsync(teams, TeamsActivities.PersonalMessage(fake, TeamsUser.Alice, "list"), auth);
        var list = await Eventually.GetAsync(() => TextsPostedTo(fake, $"a:personal-{TeamsUser.Alice.Aad}").FirstOrDefault(t => t.StartsWith("Waiting:", StringComparison.Ordinal)), "the list");
        Assert.Contains(conversation[..8], list);

        await AcceptedAsync(teams, TeamsActivities.PersonalMessage(fake, TeamsUser.Alice, $"claim {conversation[..8]}"), auth);
        await Eventually.GetAsync(async () => (await ConversationAsync(app, conversation)).GetProperty("agent").GetString() == "alice" ? "yes" : null, "the claim");

        const string thread = "19:agents@thread.skype;messageid=1001";
        var mention = new JsonArray(new JsonObject { ["type"] = "mention", ["text"] = "<at>Bob</at>", ["mentioned"] = new JsonObject { ["id"] = TeamsUser.Bob.TeamsId, ["name"] = "Bob" } });
        await AcceptedAsync(teams, TeamsActivities.ChannelMessage(fake, thread, TeamsUser.Alice, "transfer <at>Bob</at> wants a refund", mention), auth);
        var state = await Eventually.GetAsync(async () =>
        {
            var c = await ConversationAsync(app, conversation);
            return c.GetProperty("agent").GetString() == "bob" ? (JsonElement?)c : null;
        }, "the transfer");
        Assert.Contains(state!.Value.GetProperty("messages").EnumerateArray(), m => m.GetProperty("internal").GetBoolean() && m.GetProperty("text").GetString() == "wants a refund");
        await Eventually.GetAsync(() => TextsPostedTo(fake, $"a:personal-{TeamsUser.Bob.Aad}").FirstOrDefault(t => t.Contains("transferred to you", StringComparison.Ordinal)), "Bob's notice");

        await AcceptedAsync(teams, TeamsActivities.ChannelMessage(fake, thread, TeamsUser.Bob, "resolve"), auth);
        await Eventually.GetAsync(async () => (await ConversationAsync(app, conversation)).GetProperty("status").GetString() == "resolved" ? "yes" : null, "the resolve");

        await AcceptedAsync(teams, TeamsActivities.ChannelMessage(fake, thread, TeamsUser.Stranger, "hello"), auth);
        await Eventually.GetAsync(() => TextsPostedTo(fake, thread).FirstOrDefault(t => t.Contains("not linked to an agent", StringComparison.Ordinal)), "the stranger's notice");
    }

    [Fact]
    public async Task Handover_WithAHubConfigured_EmitsHandoffInitiateWithTheTranscript()
    {
        await using var fake = await FakeBotConnector.StartAsync();
        await using var app = await TestApp.StartAsync(settings: fake.Settings(new() { ["BotFramework:HandoffHubUrl"] = $"{fake.BaseAddress}hub/" }));
        var conversation = (await app.ShopperSaysAsync("dl-hub", "can I talk to a human")).ConversationId;
        var handoff = await Eventually.GetAsync(() => fake.Requests.FirstOrDefault(r => r.Path.StartsWith("/hub/v3/conversations/", StringComparison.Ordinal)), "handoff.initiate");
        var activity = handoff.Json!;
        Assert.Equal(("event", "handoff.initiate"), (activity["type"]!.GetValue<string>(), activity["name"]!.GetValue<string>()));
        Assert.Equal(conversation, activity["conversation"]!["id"]!.GetValue<string>());
        Assert.Equal("contact_request", activity["value"]!["reason"]!.GetValue<string>());
        var transcript = activity["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.activity.transcript", transcript["contentType"]!.GetValue<string>());
        Assert.Contains(transcript["content"]!["activities"]!.AsArray(), a => a!["text"]!.GetValue<string>() == "can I talk to a human");
    }

    [Fact]
    public async Task Sender_ThrottledByTeams_ReturnsTransientWithRetryAfter_AndRefusesUnknownServiceUrls()
    {
        await using var fake = await FakeBotConnector.StartAsync();
        await using var app = await TestApp.StartAsync(settings: fake.Settings());
        var sender = app.Services.GetServices<IChannelSender>().Single(s => s.Channel == "teams");
        OutboundMessage Message(string address) =>
            new(1, 1, "c1", "teams", address, Handover.Messages.MessageRole.Ai, "hello", null, null, DateTimeOffset.UtcNow) { ToShopper = false };

        fake.Fail = _ => 429;
        var throttled = await sender.SendAsync(Message($"{fake.ServiceUrl}|19:agents@thread.skype;messageid=1"), CancellationToken.None);
        Assert.Equal(SendOutcome.Transient, throttled.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.RetryAfter);

        fake.Fail = null;
        Assert.Equal(SendOutcome.Sent, (await sender.SendAsync(Message($"{fake.ServiceUrl}|19:agents@thread.skype;messageid=1"), CancellationToken.None)).Outcome);
        var calls = fake.ConnectorCalls.Count();
        Assert.Equal(SendOutcome.Permanent, (await sender.SendAsync(Message("https://smba.evil.example/|19:x"), CancellationToken.None)).Outcome);
        Assert.Equal(calls, fake.ConnectorCalls.Count());
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using BotHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.Scenarios;

/// <summary>
/// Plays a scenario against the real host (started with the scenario's config, see <see cref="ScenarioConfig"/>): shopper turns enter through the core's inbound pipeline as web chat
/// messages, agent turns go through the agent API over HTTP. After each turn it waits for the outbox to deliver,
/// then checks the expectations against the API's view of the conversation and what the shopper was sent.
/// </summary>
public sealed class ScenarioRunner(TestApp app)
{
    /// <summary>The demo bot's offer of a person (T4), as the shopper sees it.</summary>
    private static readonly string OfferText = new Handover.Bots.BotSettings().OfferText;

    private readonly string _address = "scenario-" + Guid.NewGuid().ToString("N");
    private string? _conversationId;
    private long _lastSeenMessageId;

    public async Task RunAsync(Scenario scenario)
    {
        for (var i = 0; i < scenario.Turns.Count; i++)
        {
            var turn = scenario.Turns[i];
            var where = $"{scenario.Name}, turn {i + 1}";
            await PlayAsync(turn, where);
            var conversation = await ConversationAsync();
            var fresh = conversation.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("id").GetInt64() > _lastSeenMessageId).ToList();
            _lastSeenMessageId = conversation.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).DefaultIfEmpty(0).Max();
            Check(turn, conversation, fresh, where);
        }
    }

    private async Task PlayAsync(ScenarioTurn turn, string where)
    {
        if (turn.Shopper is { } text)
        {
            _conversationId = (await app.ShopperSaysAsync(_address, text)).ConversationId;
        }
        else if (turn.Agent is { } agent)
        {
            var client = app.Client(agent["agent"]);
            var id = _conversationId ?? throw new InvalidOperationException($"{where}: an agent acts before the shopper wrote.");
            var response = agent["action"] switch
            {
                "hand_over" => await client.PostAsync($"/api/conversations/{id}/hand-over", null),
                "claim" => await client.PostAsync($"/api/conversations/{id}/claim", null),
                "give_back" => await client.PostAsync($"/api/conversations/{id}/give-back", null),
                "resolve" => await client.PostAsync($"/api/conversations/{id}/resolve", null),
                "reply" => await client.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = agent["text"] }),
                "transfer" => await client.PostAsJsonAsync($"/api/conversations/{id}/transfer", new { toAgent = agent["to"], note = agent.GetValueOrDefault("note") }),
                var other => throw new NotSupportedException($"{where}: unknown agent action '{other}'."),
            };
            Assert.True(response.IsSuccessStatusCode, $"{where}: {agent["action"]} by {agent["agent"]} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            throw new NotSupportedException($"{where}: 'wait' turns need the pickup timer, which this runner does not drive yet.");
        }
        await WaitForOutboxAsync();
    }

    private async Task WaitForOutboxAsync()
    {
        var outbox = app.Services.GetRequiredService<Handover.Outbox.OutboxStore>();
        for (var i = 0; i < 200 && await outbox.CountPendingAsync() > 0; i++)
            await Task.Delay(25);
    }

    private async Task<JsonElement> ConversationAsync() =>
        JsonDocument.Parse(await app.Client("admin").GetStringAsync($"/api/conversations/{_conversationId}")).RootElement.Clone();

    private static void Check(ScenarioTurn turn, JsonElement conversation, List<JsonElement> fresh, string where)
    {
        var toShopper = fresh.Where(m => m.GetProperty("role").GetString() != "shopper" && !m.GetProperty("internal").GetBoolean()).ToList();
        var aiReplies = fresh.Where(m => m.GetProperty("role").GetString() == "ai").ToList();
        var events = conversation.GetProperty("events").EnumerateArray().ToList();
        foreach (var (key, value) in turn.Expect)
        {
            switch (key)
            {
                case "controller":
                    Assert.True(value.Equals(conversation.GetProperty("controller").GetString(), StringComparison.OrdinalIgnoreCase), $"{where}: controller {conversation.GetProperty("controller")} but expected {value}");
                    break;
                case "status":
                    Assert.True(value.Equals(conversation.GetProperty("status").GetString(), StringComparison.OrdinalIgnoreCase), $"{where}: status {conversation.GetProperty("status")} but expected {value}");
                    break;
                case "answered":
                    var answered = aiReplies.Any(m => !m.GetProperty("lackOfInformation").GetBoolean());
                    Assert.True(answered == bool.Parse(value), $"{where}: answered is {answered}, expected {value}");
                    break;
                case "shopper_sees":
                    Assert.True(toShopper.Any(m => m.GetProperty("text").GetString()!.Contains(value, StringComparison.OrdinalIgnoreCase)),
                        $"{where}: the shopper was not sent '{value}'; sent: {string.Join(" | ", toShopper.Select(m => m.GetProperty("text").GetString()))}");
                    Assert.All(toShopper, m => Assert.NotEqual("queued", m.GetProperty("deliveryStatus").GetString()));
                    break;
                case "shopper_sees_nothing":
                    Assert.True(toShopper.Count == 0 == bool.Parse(value), $"{where}: the shopper was sent {toShopper.Count} messages");
                    break;
                case "offered":
                    var offered = aiReplies.Any(m => m.GetProperty("text").GetString()!.Contains(OfferText, StringComparison.Ordinal));
                    Assert.True(offered == bool.Parse(value), $"{where}: offered is {offered}, expected {value}");
                    break;
                case "trigger":
                    CheckTrigger(value, conversation, aiReplies, events, fresh, where);
                    break;
                default:
                    throw new NotSupportedException($"{where}: expectation '{key}' is not supported by this runner yet.");
            }
        }
    }

    private static void CheckTrigger(string expected, JsonElement conversation, List<JsonElement> aiReplies, List<JsonElement> events, List<JsonElement> fresh, string where)
    {
        var since = fresh.Select(m => m.GetProperty("time").GetDateTimeOffset()).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        var handoverThisTurn = events.Any(e => e.GetProperty("verb").GetString() == "HandedOver" && e.GetProperty("time").GetDateTimeOffset() >= since);
        var lackOfInformation = aiReplies.Any(m => m.GetProperty("lackOfInformation").GetBoolean());
        var code = expected.Split(' ')[0];
        switch (code)
        {
            case "none":
                Assert.False(handoverThisTurn, $"{where}: a handover happened but no trigger was expected");
                Assert.False(lackOfInformation, $"{where}: the AI lacked information but no trigger was expected");
                break;
            case "T1":
                Assert.True(handoverThisTurn, $"{where}: expected a handover (T1)");
                Assert.Equal("contact_request", conversation.GetProperty("handoverReason").GetProperty("trigger").GetString());
                break;
            case "T2":
                Assert.True(lackOfInformation, $"{where}: expected lack of information (T2)");
                break;
            case "T3":
                Assert.True(handoverThisTurn, $"{where}: expected a handover (T3)");
                Assert.Equal("failed_attempts", conversation.GetProperty("handoverReason").GetProperty("trigger").GetString());
                break;
            case "T5":
                Assert.True(handoverThisTurn, $"{where}: expected a handover (T5)");
                var reason = conversation.GetProperty("handoverReason");
                Assert.Equal("scenario", reason.GetProperty("trigger").GetString());
                var rule = expected.Length > 3 ? expected[3..].Trim().Trim('(', ')') : null;
                if (!string.IsNullOrEmpty(rule) && rule != "name")
                    Assert.Equal(rule, reason.GetProperty("rule").GetString());
                break;
            default:
                throw new NotSupportedException($"{where}: trigger '{expected}' is not supported by this runner yet.");
        }
    }
}

using BotHost.Tests.Infrastructure;
using Channels.Twilio;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.Twilio;

/// <summary>B3: an agent's reply from their phone is posted and sent to the shopper once, however often its webhook is handled.</summary>
public class AgentReplyOnceTests
{
    private const string Shopper = "+15557654321";
    private const string Reply = "Hello from my phone";

    private static async Task<string> ClaimedByAliceAsync(TwilioTestHost host)
    {
        await host.SayAsync(Shopper, "talk to a human please");
        var waiting = await host.WaitForConversationAsync("sms", Shopper, c => c.GetProperty("controller").GetString() == "waiting");
        var id = waiting.GetProperty("id").GetString()!;
        (await host.App.Client("alice").PostAsync($"/api/conversations/{id}/claim", null)).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task AssertPostedAndSentOnceAsync(TwilioTestHost host)
    {
        await host.Fake.WaitForAsync(r => r.To == Shopper && r.Body == "Alice: " + Reply);
        await host.WaitUntilSettledAsync();
        var conversation = await host.ConversationAtAsync("sms", Shopper);
        Assert.Single(conversation.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == Reply);
        Assert.Equal(1, await host.ScalarAsync(
            "SELECT COUNT(*) FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.text = @Reply AND o.channel = 'sms'", new { Reply }));
        Assert.Single(host.Fake.Requests, r => r.To == Shopper && r.Body == "Alice: " + Reply);
        // Nor is the agent told anything about it (such as "nothing was sent").
        Assert.DoesNotContain(host.Fake.Requests, r => r.To == TwilioTestHost.AliceWhatsApp && r.Body!.Contains("Nothing was sent", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task AgentText_ProcessedAgainAfterACrashBeforeItWasMarkedDone_PostedAndSentOnce(Store store)
    {
        await using var host = await TwilioTestHost.StartAsync(store);
        await ClaimedByAliceAsync(host);
        var sid = await host.SayAsync(TwilioTestHost.AliceWhatsApp, Reply);
        await host.Fake.WaitForAsync(r => r.To == Shopper && r.Body == "Alice: " + Reply);
        await host.WaitUntilSettledAsync();

        // What a crash between the post and marking the webhook processed leaves behind: the row unprocessed, unlocked.
        await host.ExecuteAsync("UPDATE twilio_inbound SET processed_at = NULL, locked_until = NULL WHERE dedupe_key = @sid", new { sid });
        host.App.Services.GetRequiredService<InboundProcessor>().Wake();
        await host.WaitUntilSettledAsync();

        Assert.Equal(2, await host.ScalarAsync("SELECT attempts FROM twilio_inbound WHERE dedupe_key = @sid", new { sid }));
        await AssertPostedAndSentOnceAsync(host);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task AgentText_HandledByThreeNodesAtOnce_PostedAndSentOnce(Store store)
    {
        await using var host = await TwilioTestHost.StartAsync(store);
        await ClaimedByAliceAsync(host);
        // Nodes whose locks on the same webhook ran out while each was still working on it: all reach the agent desk.
        var sid = TwilioTestHost.NewSid();
        var desk = host.App.Services.GetRequiredService<AgentDesk>();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => desk.HandleAsync("alice", TwilioTestHost.AliceWhatsApp, Reply, sid, CancellationToken.None))));

        await AssertPostedAndSentOnceAsync(host);
    }

    [Fact]
    public async Task AgentTexts_TwoDifferentMessagesWithTheSameWords_AreBothPosted()
    {
        await using var host = await TwilioTestHost.StartAsync();
        await ClaimedByAliceAsync(host);
        await host.SayAsync(TwilioTestHost.AliceWhatsApp, "ok");
        await host.SayAsync(TwilioTestHost.AliceWhatsApp, "ok");
        await host.Fake.WaitForAsync(r => r.To == Shopper && r.Body == "Alice: ok", count: 2);
        var conversation = await host.ConversationAtAsync("sms", Shopper);
        Assert.Equal(2, conversation.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("text").GetString() == "ok"));
    }
}

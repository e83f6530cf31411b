using Handover.Messages;
using Handover.Pipeline;
using Handover.Tests.Infrastructure;

namespace Handover.Tests.Pipeline;

/// <summary>An agent's post with an idempotency key is stored and queued to the shopper once, however often it arrives.</summary>
public class KeyedPostTests
{
    private const string Reply = "Hi, Alice here. How can I help?";

    private static async Task<string> ClaimedByAliceAsync(CoreHarness h, string address = "dl-1")
    {
        var id = (await h.ShopperSaysAsync(address, "agent please")).ConversationId;
        Assert.IsType<CommandResult.Done>(await h.Commands.ClaimAsync(id, await h.AgentAsync("alice"), CancellationToken.None));
        return id;
    }

    private static Task<long> CountRepliesAsync(CoreHarness h, string table) => h.CountAsync(table == "messages"
        ? "SELECT COUNT(*) FROM messages WHERE text = @Reply"
        : "SELECT COUNT(*) FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.text = @Reply", new { Reply });

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Post_SameKeyTwice_OneMessageOneOutboxRowAndTheRepeatIsDone(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var id = await ClaimedByAliceAsync(h);
        var alice = await h.AgentAsync("alice");
        var version = (await h.ConversationAsync(id)).Version;

        Assert.IsType<CommandResult.Done>(await h.Commands.PostAsync(id, alice, Reply, false, CancellationToken.None, idempotencyKey: "twilio:SM1"));
        var afterFirst = (await h.ConversationAsync(id)).Version;
        var repeat = Assert.IsType<CommandResult.Done>(await h.Commands.PostAsync(id, alice, Reply, false, CancellationToken.None, idempotencyKey: "twilio:SM1"));

        Assert.Equal(id, repeat.Conversation.Id);
        Assert.True(afterFirst > version);
        Assert.Equal(afterFirst, (await h.ConversationAsync(id)).Version); // the repeat wrote nothing, not even the version
        Assert.Equal(1, await CountRepliesAsync(h, "messages"));
        Assert.Equal(1, await CountRepliesAsync(h, "outbox"));
        await h.DrainAsync();
        Assert.Single(h.Sender.TextsTo("dl-1"), t => t == Reply);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Post_SameKeyConcurrently_ExactlyOneMessageAndOneSend(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var alice = await h.AgentAsync("alice");
        var tries = store == Store.Postgres ? 20 : 10;

        for (var i = 0; i < tries; i++)
        {
            var address = $"dl-{i}";
            var id = await ClaimedByAliceAsync(h, address);
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
                Task.Run(() => h.Commands.PostAsync(id, alice, Reply, false, CancellationToken.None, idempotencyKey: $"twilio:SM-{i}"))));

            Assert.All(results, r => Assert.IsType<CommandResult.Done>(r));
            Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM messages WHERE conversation_id = @id AND text = @Reply", new { id, Reply }));
            Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.conversation_id = @id AND m.text = @Reply", new { id, Reply }));
            await h.DrainAsync();
            Assert.Single(h.Sender.TextsTo(address), t => t == Reply);
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Post_KeyReusedForAnotherMessage_RefusedAndNothingWritten(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var id = await ClaimedByAliceAsync(h);
        var other = await ClaimedByAliceAsync(h, "dl-2");
        var alice = await h.AgentAsync("alice");
        Assert.IsType<CommandResult.Done>(await h.Commands.PostAsync(id, alice, Reply, false, CancellationToken.None, idempotencyKey: "k-1"));

        Assert.IsType<CommandResult.KeyReused>(await h.Commands.PostAsync(id, alice, "something else", false, CancellationToken.None, idempotencyKey: "k-1"));
        Assert.IsType<CommandResult.KeyReused>(await h.Commands.PostAsync(id, alice, Reply, true, CancellationToken.None, idempotencyKey: "k-1"));
        Assert.IsType<CommandResult.KeyReused>(await h.Commands.PostAsync(other, alice, Reply, false, CancellationToken.None, idempotencyKey: "k-1"));

        Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM messages WHERE role = 'human'"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Post_KeysAreTheAgentsOwn_AnotherAgentsSameKeyIsAnotherPost(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var id = await ClaimedByAliceAsync(h);
        Assert.IsType<CommandResult.Done>(await h.Commands.PostAsync(id, await h.AgentAsync("alice"), "note from alice", true, CancellationToken.None, idempotencyKey: "k-1"));
        Assert.IsType<CommandResult.Done>(await h.Commands.PostAsync(id, await h.AgentAsync("bob"), "note from bob", true, CancellationToken.None, idempotencyKey: "k-1"));
        Assert.Equal(2, (await h.MessagesAsync(id)).Count(m => m.Role == MessageRole.Human && m.Internal));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Post_RepeatAfterTheConversationMovedOn_IsStillARepeatNotARefusal(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var id = await ClaimedByAliceAsync(h);
        var alice = await h.AgentAsync("alice");
        Assert.IsType<CommandResult.Done>(await h.Commands.PostAsync(id, alice, Reply, false, CancellationToken.None, idempotencyKey: "k-1"));
        Assert.IsType<CommandResult.Done>(await h.Commands.ResolveAsync(id, alice, CancellationToken.None));

        // Alice may no longer reply here, but this is the reply she sent while she could: it was posted, once.
        Assert.IsType<CommandResult.Done>(await h.Commands.PostAsync(id, alice, Reply, false, CancellationToken.None, idempotencyKey: "k-1"));
        Assert.Equal(1, await CountRepliesAsync(h, "messages"));
    }
}

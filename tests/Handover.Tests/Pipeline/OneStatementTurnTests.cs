using Dapper;
using Handover.Tests.Infrastructure;

namespace Handover.Tests.Pipeline;

/// <summary>
/// PostgreSQL writes a turn on an existing conversation as one statement. When another node stores the same shopper
/// message after this turn's reads but before its insert, the statement must abort as a whole: no compare-and-set, no
/// reply, no outbox row; the message is then reported as the duplicate it is.
/// </summary>
public class OneStatementTurnTests
{
    [Fact]
    public async Task Turn_WhoseMessageAnotherNodeStoresMeanwhile_WritesNothingAndReportsTheDuplicate()
    {
        await using var h = await CoreHarness.StartAsync(Store.Postgres);
        var conversationId = (await h.ShopperSaysAsync("dl-race", "How long does standard shipping take?")).ConversationId;
        var before = await h.ConversationAsync(conversationId);
        var messagesBefore = await h.CountAsync("SELECT COUNT(*) FROM messages WHERE conversation_id = @conversationId", new { conversationId });
        var outboxBefore = await h.CountAsync("SELECT COUNT(*) FROM outbox");

        // "Another node" has inserted the message and not committed yet: this turn's reads do not see it, and its
        // insert waits on the unique index until the other transaction ends.
        await using var other = await h.Database.OpenAsync();
        await using var otherTx = await other.BeginTransactionAsync();
        var otherId = await other.ExecuteScalarAsync<long>("""
            INSERT INTO messages (conversation_id, role, text, channel, provider_message_id, created_at)
            VALUES (@conversationId, 'shopper', 'Do you ship to Canada?', 'webchat', 'p-race', 0) RETURNING id
            """, new { conversationId }, otherTx);

        var turn = h.ShopperSaysAsync("dl-race", "Do you ship to Canada?", providerId: "p-race");
        await WaitUntilAsync(async () => await h.CountAsync("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0);
        // The turn got past its compare-and-set and now waits on the insert.
        Assert.False(turn.IsCompleted);
        await otherTx.CommitAsync();
        var result = await turn;

        Assert.True(result.Duplicate);
        Assert.Equal(otherId, result.MessageId);
        Assert.Equal(before.Version, (await h.ConversationAsync(conversationId)).Version);
        Assert.Equal(messagesBefore + 1, await h.CountAsync("SELECT COUNT(*) FROM messages WHERE conversation_id = @conversationId", new { conversationId }));
        Assert.Equal(outboxBefore, await h.CountAsync("SELECT COUNT(*) FROM outbox"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
                return;
            await Task.Delay(25);
        }
        throw new TimeoutException("The turn never waited on the other transaction's insert.");
    }
}

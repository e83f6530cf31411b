using Channels.DirectLine;
using Dapper;
using Handover.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.DirectLine;

public sealed class StoreTests
{
    [Fact]
    public async Task Append_RetryWhoseSeqWasMeanwhileTaken_ReturnsTheActivityWithItsClientActivityId()
    {
        // On PostgreSQL a retry's bump is rolled back after its conflict, so another append can take that seq (and the
        // id derived from it) before the retry looks up the winner. Simulated here by rewinding last_seq.
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var store = host.Services.GetRequiredService<DirectLineStore>();
        var first = await store.AppendAsync(conversation.Id, Event("a"), CancellationToken.None);
        var second = await store.AppendAsync(conversation.Id, Event("b"), CancellationToken.None);
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
            await connection.ExecuteAsync("UPDATE dl_conversations SET last_seq = 0 WHERE id = @Id", new { Id = conversation.Id });

        var retry = await store.AppendAsync(conversation.Id, Event("b"), CancellationToken.None);

        Assert.Equal(AppendOutcome.AlreadyThere, retry.Outcome);
        Assert.Equal(second.Activity!.ActivityId, retry.Activity!.ActivityId);
        Assert.NotEqual(first.Activity!.ActivityId, retry.Activity.ActivityId);
    }

    [Fact]
    public async Task Append_ToUnknownConversation_IsNotFound()
    {
        await using var host = await DirectLineHost.StartAsync();
        var store = host.Services.GetRequiredService<DirectLineStore>();

        var result = await store.AppendAsync("missing", Event("a"), CancellationToken.None);

        Assert.Equal(AppendOutcome.ConversationNotFound, result.Outcome);
    }

    private static NewActivity Event(string clientActivityId) =>
        new("event", null, clientActivityId, ForwardToCore: false, slot => $$"""{"type":"event","id":"{{slot.ActivityId}}"}""");
}

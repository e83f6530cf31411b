using Handover.Actions;
using Handover.Conversations;
using Handover.Messages;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Handover.Tests.Actions;

public class HandoverActionsTests
{
    private const string AllLocalActions = """
        actions:
          - type: assign
            strategy: leastBusy
          - type: closingMessage
          - type: tags
          - type: createTask
          - type: pause
            duration: 30m
        """;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Handover_RunsEveryActionInOrder_AndOnlyOnceWhenRelayedAgain(Store store)
    {
        await using var h = await ActionsHarness.StartAsync(store, AllLocalActions);
        var id = (await h.Core.ShopperSaysAsync("a-1", "agent please")).ConversationId;

        await h.RelayAsync();
        await h.Core.CountAsync("UPDATE event_cursors SET last_event_id = 0");
        await h.RelayAsync(); // at least once: the same events again change nothing

        var conversation = await h.Core.ConversationAsync(id);
        Assert.Equal(Controller.Human, conversation.State.Controller);
        Assert.Equal("alice", conversation.State.AgentId); // least busy, first by id among equals
        var messages = await h.Core.MessagesAsync(id);
        Assert.Single(messages, m => m.Text == ClosingMessageAction.DefaultText && !m.Internal);
        Assert.Equal(1, await h.Core.CountAsync("SELECT COUNT(*) FROM conversation_tags WHERE conversation_id = @id AND tag = 'human_handover'", new { id }));
        var task = Assert.Single(await h.Core.Services.GetRequiredService<TaskStore>().ForConversationAsync(id, CancellationToken.None));
        Assert.Equal(("Will be created by AI", "alice"), (task.Description, task.AssigneeId));
        Assert.Equal(h.Core.Time.GetUtcNow().AddHours(24), task.DueAt);
        Assert.Equal(1, await h.Core.CountAsync("SELECT COUNT(*) FROM bot_pauses WHERE conversation_id = @id", new { id }));
        Assert.Equal(5, await h.Core.CountAsync("SELECT COUNT(*) FROM action_runs WHERE conversation_id = @id AND status = 'done'", new { id }));
    }

    [Fact]
    public async Task Pause_KeepsTheAiSilentAfterGiveBack_UntilTheResumeJob()
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "actions:\n  - type: assign\n    agent: bob\n  - type: pause\n    duration: 10m\n");
        var id = (await h.Core.ShopperSaysAsync("p-1", "agent please")).ConversationId;
        await h.RelayAsync();
        Assert.Equal("bob", (await h.Core.ConversationAsync(id)).State.AgentId);
        await h.Core.Commands.GiveBackAsync(id, await h.Core.AgentAsync("bob"), CancellationToken.None);

        await h.Core.ShopperSaysAsync("p-1", "How long does standard shipping take?");
        Assert.DoesNotContain(await h.Core.MessagesAsync(id), m => m.Role == MessageRole.Ai);

        await h.AdvanceAsync(TimeSpan.FromMinutes(11));
        Assert.Equal(0, await h.Core.CountAsync("SELECT COUNT(*) FROM bot_pauses"));
        await h.Core.ShopperSaysAsync("p-1", "How long does standard shipping take?");
        Assert.Contains(await h.Core.MessagesAsync(id), m => m.Role == MessageRole.Ai);
    }

    [Fact]
    public async Task Assign_NobodyOnline_RetriesWithBackoff_ThenAssignsWhoComesOnline()
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "actions:\n  - type: assign\n    agent: carol\n");
        foreach (var a in new[] { "alice", "bob", "dave", "erin" })
            await h.Core.Agents.SetOnlineAsync(a, false);
        var id = (await h.Core.ShopperSaysAsync("r-1", "agent please")).ConversationId;
        await h.RelayAsync();
        Assert.Equal(Controller.Waiting, (await h.Core.ConversationAsync(id)).State.Controller);
        var retry = Assert.Single(h.Jobs.Pending, j => j.Job.Kind == ActionJob.JobKind);
        Assert.Equal(2, retry.Job.Attempt);

        await h.Core.Agents.SetOnlineAsync("dave", true); // carol (named) stays offline: the next available agent gets it (A8)
        await h.AdvanceAsync(TimeSpan.FromSeconds(11));
        Assert.Equal("dave", (await h.Core.ConversationAsync(id)).State.AgentId);
    }

    [Fact]
    public async Task Assign_NeverPossible_IsRecordedAsFailureAndNotedOnTheConversation()
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "actions:\n  - type: assign\n");
        foreach (var a in new[] { "alice", "bob", "dave", "erin" })
            await h.Core.Agents.SetOnlineAsync(a, false);
        var id = (await h.Core.ShopperSaysAsync("f-1", "agent please")).ConversationId;
        await h.RelayAsync();
        for (var i = 0; i < 10; i++)
            await h.AdvanceAsync(TimeSpan.FromHours(1));

        var failure = Assert.Single(await h.Core.Services.GetRequiredService<ActionFailures>().ListAsync(id, CancellationToken.None));
        Assert.Equal("assign", failure.ActionType);
        Assert.Contains("No online agent", failure.Error);
        Assert.Contains(await h.Core.MessagesAsync(id), m => m.Internal && m.Text.Contains("assign failed for good"));
    }
}

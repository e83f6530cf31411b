using Handover.Conversations;
using Handover.Messages;
using Handover.Pipeline;
using Handover.Tests.Infrastructure;

namespace Handover.Tests.Pipeline;

public class ConversationCommandsTests
{
    private static async Task<string> WaitingConversationAsync(CoreHarness h, string address = "dl-1") =>
        (await h.ShopperSaysAsync(address, "agent please")).ConversationId;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Claim_ConcurrentClaims_ExactlyOneWinnerEachTime(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var agents = await Task.WhenAll(new[] { "alice", "bob", "dave", "erin", "admin" }.Select(h.AgentAsync));
        var tries = store == Store.Postgres ? 100 : 25;

        for (var i = 0; i < tries; i++)
        {
            var id = await WaitingConversationAsync(h, $"dl-{i}");
            var results = await Task.WhenAll(agents.Select(a => Task.Run(() => h.Commands.ClaimAsync(id, a, CancellationToken.None))));

            var winner = Assert.IsType<CommandResult.Done>(Assert.Single(results, r => r is CommandResult.Done));
            var losers = results.Where(r => r is not CommandResult.Done).Cast<CommandResult.Refused>().ToList();
            Assert.Equal(agents.Length - 1, losers.Count);
            Assert.All(losers, l => Assert.Equal(("already_claimed", winner.Conversation.State.AgentId), (l.Code, l.Current.AgentId)));
            Assert.Single(await h.EventsAsync(id), e => e.Verb == ConversationVerb.Claimed);
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task HandOver_ThenGiveBack_NoticesReachTheShopperAndTheAiAnswersAgain(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var alice = await h.AgentAsync("alice");
        var id = (await h.ShopperSaysAsync("dl-1", "where is my order #1042?")).ConversationId;

        var handedOver = Assert.IsType<CommandResult.Done>(await h.Commands.HandOverAsync(id, alice, CancellationToken.None));
        Assert.Equal(new ConversationState(ConversationStatus.Open, Controller.Human, "alice"), handedOver.Conversation.State);
        Assert.Equal(HandoverTriggers.Agent, handedOver.Conversation.HandoverReason!.Trigger);

        await h.ShopperSaysAsync("dl-1", "do you ship to Canada?");
        Assert.IsType<CommandResult.Done>(await h.Commands.PostAsync(id, alice, "Yes, 5-8 business days.", isInternal: false, CancellationToken.None));
        Assert.IsType<CommandResult.Done>(await h.Commands.GiveBackAsync(id, alice, CancellationToken.None));
        await h.ShopperSaysAsync("dl-1", "what payment methods do you accept?");
        await h.DrainAsync();

        var seen = h.Sender.TextsTo("dl-1");
        Assert.Contains(seen, t => t.Contains("I'm Alice ready to assist you", StringComparison.Ordinal));
        Assert.Contains("Yes, 5-8 business days.", seen);
        Assert.Contains(seen, t => t.Contains("back to being handled by AI assistant", StringComparison.Ordinal));
        Assert.Equal("We accept cards, PayPal and gift cards.", seen[^1]);
        // While alice held it, the Canada question went unanswered by the AI.
        Assert.DoesNotContain("Standard shipping takes 3-5 business days.", seen);
        var human = (await h.MessagesAsync(id)).Single(m => m.Role == MessageRole.Human);
        Assert.Equal("alice", human.AgentId);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Reply_ByAgentNotInCharge_RefusedWithTheCurrentState(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var id = await WaitingConversationAsync(h);
        var bob = await h.AgentAsync("bob");

        var beforeClaim = Assert.IsType<CommandResult.Refused>(await h.Commands.PostAsync(id, bob, "hi", false, CancellationToken.None));
        Assert.Equal(Controller.Waiting, beforeClaim.Current.Controller);

        await h.Commands.ClaimAsync(id, await h.AgentAsync("alice"), CancellationToken.None);
        var notMine = Assert.IsType<CommandResult.Refused>(await h.Commands.PostAsync(id, bob, "hi", false, CancellationToken.None));
        Assert.Equal(("not_in_charge", "alice"), (notMine.Code, notMine.Current.AgentId));

        // Internal notes are for any agent at any time, and never queued for the shopper.
        Assert.IsType<CommandResult.Done>(await h.Commands.PostAsync(id, bob, "I know this customer", true, CancellationToken.None));
        Assert.Equal(0, await h.CountAsync("SELECT COUNT(*) FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.internal = 1"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Transfer_WithNote_NoteStaysInternalAndShopperIsToldTheNewAgent(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var alice = await h.AgentAsync("alice");
        var id = await WaitingConversationAsync(h);
        await h.Commands.ClaimAsync(id, alice, CancellationToken.None);

        var done = Assert.IsType<CommandResult.Done>(await h.Commands.TransferAsync(id, alice, "bob", "VIP, wants a custom order", CancellationToken.None));
        await h.DrainAsync();

        Assert.Equal("bob", done.Conversation.State.AgentId);
        var note = (await h.MessagesAsync(id)).Single(m => m.Internal);
        Assert.Equal(("VIP, wants a custom order", "alice"), (note.Text, note.AgentId));
        var seen = h.Sender.TextsTo("dl-1");
        Assert.DoesNotContain(seen, t => t.Contains("VIP", StringComparison.Ordinal));
        Assert.Contains(seen, t => t.Contains("Bob", StringComparison.Ordinal));
        var transferred = (await h.EventsAsync(id)).Single(e => e.Verb == ConversationVerb.Transferred);
        Assert.Equal(("alice", "VIP, wants a custom order"), (transferred.Actor, transferred.Note));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Transfer_ToOfflineOrUnknownAgent_Refused(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var alice = await h.AgentAsync("alice");
        var id = await WaitingConversationAsync(h);
        await h.Commands.ClaimAsync(id, alice, CancellationToken.None);

        var offline = Assert.IsType<CommandResult.Refused>(await h.Commands.TransferAsync(id, alice, "carol", null, CancellationToken.None));
        Assert.Equal("target_offline", offline.Code);
        Assert.IsType<CommandResult.Invalid>(await h.Commands.TransferAsync(id, alice, "nobody", null, CancellationToken.None));
        Assert.Equal("alice", (await h.ConversationAsync(id)).State.AgentId);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Resolve_ThenShopperWrites_ReopensWithTheSameAgent(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var bob = await h.AgentAsync("bob");
        var id = await WaitingConversationAsync(h);
        await h.Commands.ClaimAsync(id, bob, CancellationToken.None);
        Assert.Equal(ConversationStatus.Resolved,
            Assert.IsType<CommandResult.Done>(await h.Commands.ResolveAsync(id, bob, CancellationToken.None)).Conversation.State.Status);

        var again = await h.ShopperSaysAsync("dl-1", "one more thing, do you have gift cards?");

        Assert.Equal(id, again.ConversationId);
        Assert.Equal(new ConversationState(ConversationStatus.Open, Controller.Human, "bob"), (await h.ConversationAsync(id)).State);
        Assert.Contains(await h.EventsAsync(id), e => e.Verb == ConversationVerb.Reopened && e.Actor == "shopper");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Resolve_ThenShopperWrites_FreshConversationWhenTheBotSaysSo(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store, new() { ["Bots:demo:AfterResolve"] = "FreshConversation" });
        var bob = await h.AgentAsync("bob");
        var id = await WaitingConversationAsync(h);
        await h.Commands.ClaimAsync(id, bob, CancellationToken.None);
        await h.Commands.ResolveAsync(id, bob, CancellationToken.None);

        var again = await h.ShopperSaysAsync("dl-1", "how long does shipping take?");

        Assert.NotEqual(id, again.ConversationId);
        Assert.Equal(ConversationState.New, (await h.ConversationAsync(again.ConversationId)).State);
        Assert.Equal(ConversationStatus.Resolved, (await h.ConversationAsync(id)).State.Status);
        Assert.Equal(MessageRole.Ai, (await h.MessagesAsync(again.ConversationId))[^1].Role);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TakeOver_ResolvedConversation_OpensItForTheAgent(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var bob = await h.AgentAsync("bob");
        var alice = await h.AgentAsync("alice");
        var id = await WaitingConversationAsync(h);
        await h.Commands.ClaimAsync(id, bob, CancellationToken.None);
        await h.Commands.ResolveAsync(id, bob, CancellationToken.None);

        var done = Assert.IsType<CommandResult.Done>(await h.Commands.HandOverAsync(id, alice, CancellationToken.None));

        Assert.Equal(new ConversationState(ConversationStatus.Open, Controller.Human, "alice"), done.Conversation.State);
        Assert.Contains(await h.EventsAsync(id), e => e.Verb == ConversationVerb.TakenOver);
    }

    [Fact]
    public async Task Commands_UnknownConversation_NotFound()
    {
        await using var h = await CoreHarness.StartAsync(Store.Sqlite);
        Assert.IsType<CommandResult.NotFound>(await h.Commands.ClaimAsync("nope", await h.AgentAsync("alice"), CancellationToken.None));
    }
}

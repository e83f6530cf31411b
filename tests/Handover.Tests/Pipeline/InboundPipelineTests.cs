using Handover.Conversations;
using Handover.Messages;
using Handover.Tests.Infrastructure;

namespace Handover.Tests.Pipeline;

public class InboundPipelineTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Accept_FirstMessage_StartsConversationAndTheAiAnswersThroughTheOutbox(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);

        var result = await h.ShopperSaysAsync("dl-1", "How long does shipping take?");

        Assert.False(result.Duplicate);
        var c = await h.ConversationAsync(result.ConversationId);
        Assert.Equal(ConversationState.New, c.State);
        Assert.Equal(("webchat", "dl-1", "Sam"), (c.Channel, c.Address, c.ShopperName));
        var messages = await h.MessagesAsync(c.Id);
        Assert.Equal([MessageRole.Shopper, MessageRole.Ai], messages.Select(m => m.Role));
        Assert.Equal(DeliveryStatus.Queued, messages[1].DeliveryStatus);
        Assert.Empty(h.Sender.Sent); // nothing is sent from the request path

        await h.DrainAsync();

        Assert.Equal(["Standard shipping takes 3-5 business days."], h.Sender.TextsTo("dl-1"));
        Assert.Equal(DeliveryStatus.Sent, (await h.MessagesAsync(c.Id))[1].DeliveryStatus);
        Assert.Equal(ConversationVerb.Started, Assert.Single(await h.EventsAsync(c.Id)).Verb);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Accept_UnknownQuestion_RecordsLackOfInformation(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);

        var result = await h.ShopperSaysAsync("dl-1", "Do you offer car insurance?");

        var reply = (await h.MessagesAsync(result.ConversationId))[1];
        Assert.True(reply.LackOfInformation);
        Assert.Equal(ShopAnswers.DoNotKnow, reply.Text);
        Assert.Equal(Controller.Ai, (await h.ConversationAsync(result.ConversationId)).State.Controller);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Accept_SameProviderIdAgain_IsADuplicateAndNothingIsDoneTwice(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);

        var first = await h.ShopperSaysAsync("dl-1", "How long does shipping take?", providerId: "act-1");
        var again = await h.ShopperSaysAsync("dl-1", "How long does shipping take?", providerId: "act-1");

        Assert.True(again.Duplicate);
        Assert.Equal((first.ConversationId, first.MessageId), (again.ConversationId, again.MessageId));
        Assert.Equal(2, (await h.MessagesAsync(first.ConversationId)).Count);
        Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM outbox"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Accept_ConcurrentDuplicates_ExactlyOneIsProcessed(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);

        for (var round = 0; round < 10; round++)
        {
            var address = $"dl-{round}";
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => h.ShopperSaysAsync(address, "What payment methods?", providerId: $"dup-{round}"))));

            Assert.Single(results, r => !r.Duplicate);
            Assert.Single(results.Select(r => (r.ConversationId, r.MessageId)).Distinct());
            Assert.Equal(1, await h.CountAsync("SELECT COUNT(*) FROM conversations WHERE address = @address", new { address }));
            Assert.Equal(2, (await h.MessagesAsync(results[0].ConversationId)).Count);
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Accept_ConcurrentMessagesOfOneConversation_AllStoredEachAnsweredOnce(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => h.ShopperSaysAsync("dl-busy", $"shipping question {i}"))));

        Assert.Single(results.Select(r => r.ConversationId).Distinct());
        var messages = await h.MessagesAsync(results[0].ConversationId);
        Assert.Equal(10, messages.Count(m => m.Role == MessageRole.Shopper));
        Assert.Equal(10, messages.Count(m => m.Role == MessageRole.Ai));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Accept_ContactRequest_WaitsForAnAgentWithTheReasonAndTheAiStaysQuiet(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);

        var result = await h.ShopperSaysAsync("dl-1", "can I talk to a real person please");
        var c = await h.ConversationAsync(result.ConversationId);

        Assert.Equal(Controller.Waiting, c.State.Controller);
        Assert.Equal(HandoverTriggers.ContactRequest, c.HandoverReason!.Trigger);
        Assert.False(string.IsNullOrEmpty(c.HandoverReason.Evidence));
        Assert.True(c.EverHandedOver);
        var handedOver = (await h.EventsAsync(c.Id)).Single(e => e.Verb == ConversationVerb.HandedOver);
        Assert.Equal(HandoverTriggers.ContactRequest, handedOver.Reason!.Trigger);

        await h.ShopperSaysAsync("dl-1", "hello? how long does shipping take?");

        var messages = await h.MessagesAsync(c.Id);
        Assert.DoesNotContain(messages, m => m.Role == MessageRole.Ai);
        Assert.Equal(MessageRole.System, messages[1].Role); // the honest "connecting you" notice
    }

    [Theory]
    [InlineData("agent please")]
    [InlineData("human please")]
    [InlineData("support")]
    [InlineData("I want to speak to an agent")]
    public async Task Accept_ShortAndPlainRequests_AreContactRequests(string text)
    {
        await using var h = await CoreHarness.StartAsync(Store.Sqlite);
        var result = await h.ShopperSaysAsync("dl-1", text);
        Assert.Equal(Controller.Waiting, (await h.ConversationAsync(result.ConversationId)).State.Controller);
    }

    [Theory]
    [InlineData("no need for a human, just tell me your shipping times")]
    [InlineData("what's your support e-mail?")]
    [InlineData("are you a bot?")]
    public async Task Accept_MentionsOfPeopleThatAreNotRequests_StayWithTheAi(string text)
    {
        await using var h = await CoreHarness.StartAsync(Store.Sqlite);
        var result = await h.ShopperSaysAsync("dl-1", text);
        Assert.Equal(Controller.Ai, (await h.ConversationAsync(result.ConversationId)).State.Controller);
    }

    [Fact]
    public async Task Accept_OversizeText_IsRefusedAndNothingStored()
    {
        await using var h = await CoreHarness.StartAsync(Store.Sqlite);

        await Assert.ThrowsAsync<ArgumentException>(() => h.ShopperSaysAsync("dl-1", new string('x', MessageLimits.MaxTextLength + 1)));

        Assert.Equal(0, await h.CountAsync("SELECT COUNT(*) FROM messages"));
        Assert.Equal(0, await h.CountAsync("SELECT COUNT(*) FROM conversations"));
    }
}

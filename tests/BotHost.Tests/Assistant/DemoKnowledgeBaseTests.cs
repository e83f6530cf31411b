using BotHost.Assistant;
using Handover.Assistant;

namespace BotHost.Tests.Assistant;

/// <summary>The questions of the handover scenarios (shared/scenarios/handover.yaml) against the shipped demo knowledge base.</summary>
public sealed class DemoKnowledgeBaseTests
{
    [Theory]
    [InlineData("How long does standard shipping take?", "shipping-standard-time")]
    [InlineData("what payment methods do you accept?", "payment-methods")]
    [InlineData("no need for a human, just tell me your return window", "returns-policy")]
    [InlineData("where is my order #1042?", "order-tracking")]
    [InlineData("thanks! also, do you ship to Canada?", "shipping-canada")]
    [InlineData("one more thing, do you have gift cards?", "gift-cards")]
    [InlineData("what's your support e-mail?", "contact")]
    [InlineData("do you accept paypal", "payment-methods")]
    [InlineData("how do I return an item", "returns-how")]
    [InlineData("what size should I get", "size-guide")]
    public async Task AnswerAsync_ShopQuestion_AnswersFromTheRightEntry(string question, string entryId)
    {
        var answer = await DemoKnowledgeBase.Engine().AnswerAsync(new AnswerRequest("demo", question, []), CancellationToken.None);

        Assert.True(answer.Known, DemoKnowledgeBase.Describe(question));
        Assert.Equal(entryId, answer.SourceId);
        Assert.Equal(DemoKnowledgeBase.Index.Entries.Single(e => e.Id == entryId).Answer, answer.Text);
        Assert.InRange(answer.Confidence, 0.5, 1);
    }

    [Theory]
    [InlineData("Do you offer car insurance?")]
    [InlineData("what about insurance for my car then")]
    [InlineData("can you fix my washing machine")]
    [InlineData("my washing machine is broken, can you repair it?")]
    [InlineData("what's the weather tomorrow")]
    [InlineData("asdfgh")]
    public async Task AnswerAsync_QuestionOutsideTheShop_SaysItDoesNotKnow(string question)
    {
        var answer = await DemoKnowledgeBase.Engine().AnswerAsync(new AnswerRequest("demo", question, []), CancellationToken.None);

        Assert.False(answer.Known, DemoKnowledgeBase.Describe(question));
        Assert.Equal(AssistantOptions.DefaultUnknownAnswer, answer.Text);
        Assert.Null(answer.SourceId);
        Assert.InRange(answer.Confidence, 0, 0.5);
    }

    [Fact]
    public void Read_ShippedDemoFile_HasAboutTwentyToThirtyEntriesWithSeveralPhrasingsEach()
    {
        var entries = DemoKnowledgeBase.Index.Entries;

        Assert.InRange(entries.Count, 20, 30);
        Assert.All(entries, e => Assert.InRange(e.Questions.Count, 3, 6));
    }

    [Fact]
    public void Search_EveryPhrasingOfTheDemoKnowledgeBase_FindsItsOwnEntryConfidently()
    {
        var index = DemoKnowledgeBase.Index;
        foreach (var entry in index.Entries)
        {
            foreach (var question in entry.Questions)
            {
                var match = index.Search(question);
                Assert.True(match.Entry >= 0 && index.Entries[match.Entry].Id == entry.Id && match.Confidence >= 0.5,
                    $"want {entry.Id}: {DemoKnowledgeBase.Describe(question)}");
            }
        }
    }
}

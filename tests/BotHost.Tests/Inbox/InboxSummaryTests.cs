using BotHost.Inbox.Summary;
using Handover.Messages;

namespace BotHost.Tests.Inbox;

public class InboxSummaryTests
{
    private static StoredMessage Message(MessageRole role, string text, bool isInternal = false) =>
        new(0, "c", role, text, role == MessageRole.Human ? "alice" : null, isInternal, null, null, DateTimeOffset.UnixEpoch, false, null);

    [Fact]
    public async Task Summarize_PicksTellingShopperSentencesInOrderAndLastAnswers()
    {
        var summary = await new ExtractiveSummarizer().SummarizeAsync(
        [
            Message(MessageRole.Shopper, "Hi there. I ordered the linen shirt last week."),
            Message(MessageRole.Ai, "Standard shipping takes 3-5 business days."),
            Message(MessageRole.Shopper, "The linen shirt arrived torn. Can I get a refund for order 1042?"),
            Message(MessageRole.Shopper, "ok"),
            Message(MessageRole.Human, "Sorry to hear that, I will look at order 1042."),
            Message(MessageRole.Human, "VIP: refund approved already", isInternal: true),
            Message(MessageRole.Shopper, "Thanks!"),
        ], CancellationToken.None);

        Assert.Equal(
            ["I ordered the linen shirt last week.", "The linen shirt arrived torn.", "Can I get a refund for order 1042?"],
            summary.ShopperPoints);
        Assert.Equal("Standard shipping takes 3-5 business days.", summary.LastAiAnswer);
        Assert.Equal("Sorry to hear that, I will look at order 1042.", summary.LastAgentAnswer);
    }

    [Fact]
    public async Task Summarize_EmptyOrFillerOnly_NoPoints()
    {
        var summarizer = new ExtractiveSummarizer();

        Assert.Empty((await summarizer.SummarizeAsync([], CancellationToken.None)).ShopperPoints);
        var filler = await summarizer.SummarizeAsync([Message(MessageRole.Shopper, "ok. hi!")], CancellationToken.None);
        Assert.Empty(filler.ShopperPoints);
        Assert.Null(filler.LastAiAnswer);
    }

    [Fact]
    public async Task Summarize_LongSentence_Clipped()
    {
        var summary = await new ExtractiveSummarizer().SummarizeAsync([Message(MessageRole.Shopper, string.Join(' ', Enumerable.Repeat("refund", 100)))], CancellationToken.None);

        Assert.Equal(ExtractiveSummarizer.MaxPointLength, Assert.Single(summary.ShopperPoints).Length);
    }
}

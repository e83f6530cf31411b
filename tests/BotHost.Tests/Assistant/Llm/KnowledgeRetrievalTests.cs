namespace BotHost.Tests.Assistant.Llm;

/// <summary>The top-k retrieval the LLM backend answers from agrees with the embedded engine's single best match.</summary>
public sealed class KnowledgeRetrievalTests
{
    [Theory]
    [InlineData("do you accept paypal?")]
    [InlineData("how long does shipping to canada take")]
    [InlineData("can I return a sale item")]
    [InlineData("how long does shiping take")]
    public void Top_FirstEntry_IsTheBestMatchOfSearch(string question)
    {
        var index = DemoKnowledgeBase.Index;

        var top = index.Top(question, 4);

        Assert.InRange(top.Count, 1, 4);
        Assert.Equal(index.Search(question).Entry, top[0]);
        Assert.Equal(top.Count, top.Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("hi there, thanks!")]
    [InlineData("zzzz qqqq")]
    public void Top_NothingToLookUp_IsEmpty(string question)
    {
        Assert.Empty(DemoKnowledgeBase.Index.Top(question, 4));
    }

    [Fact]
    public void Retrieve_UnknownBot_IsEmpty()
    {
        Assert.Empty(DemoKnowledgeBase.Engine().Retrieve("no-such-bot", "do you accept paypal?", 4));
    }
}

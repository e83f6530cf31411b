using BotHost.Dialogs;

namespace BotHost.Tests.Dialogs;

public class SentimentTests
{
    [Theory]
    [InlineData("this is the third time I ask", -0.5)]
    [InlineData("this is the 3rd   time I ask", -0.5)]
    [InlineData("for the last time, where is it", -0.5)]
    [InlineData("how many times do I have to say it", -0.5)]
    [InlineData("the third-time charm", 0)]
    [InlineData("a third timer", 0)]
    [InlineData("how many items are left", 0)]
    public void Score_SaysTheShopperAskedBefore_OnlyForTheWholePhrase(string text, double expected) => Assert.Equal(expected, Sentiment.Score(text));
}

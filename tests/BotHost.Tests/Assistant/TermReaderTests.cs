using BotHost.Assistant;

namespace BotHost.Tests.Assistant;

public sealed class TermReaderTests
{
    [Theory]
    [InlineData("Shipping", "ship")]
    [InlineData("shipped", "ship")]
    [InlineData("ships", "ship")]
    [InlineData("sizes", "size")]
    [InlineData("sizing", "size")]
    [InlineData("making", "make")]
    [InlineData("changing", "chang")]
    [InlineData("change", "chang")]
    [InlineData("deliveries", "delivery")]
    [InlineData("applied", "apply")]
    [InlineData("addresses", "address")]
    [InlineData("boxes", "box")]
    [InlineData("billing", "bill")]
    [InlineData("care", "care")]
    [InlineData("need", "need")]
    [InlineData("thing", "thing")]
    [InlineData("status", "status")]
    [InlineData("paid", "pay")]
    [InlineData("broken", "break")]
    public void Stem_InflectedWord_ReachesTheStemOfItsBaseWord(string word, string stem)
    {
        Assert.Equal(stem, Stemmer.Stem(word.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("care", "car")]
    [InlineData("home", "hom")]
    [InlineData("hopping", "hope")]
    public void Stem_DifferentWords_StayDifferent(string word, string other)
    {
        Assert.NotEqual(Stemmer.Stem(other), Stemmer.Stem(word));
    }

    [Fact]
    public void Terms_Question_DropsStopWordsPunctuationAndNumbers()
    {
        Assert.Equal(["where", "order"], KnowledgeIndexBuilder.Terms("Where is my order #1042?!"));
    }

    [Fact]
    public void Terms_ChatFillerAndAskingForAPerson_AreDropped()
    {
        Assert.Equal(["return", "window"], KnowledgeIndexBuilder.Terms("no need for a human, just tell me your return window"));
        Assert.Empty(KnowledgeIndexBuilder.Terms("thanks! ok, one more thing"));
    }

    [Theory]
    [InlineData("delivery", "ship")]
    [InlineData("postage", "ship")]
    [InlineData("payment", "pay")]
    [InlineData("money back", "refund")]
    [InlineData("reimbursement", "refund")]
    [InlineData("gift cards", "giftcard")]
    [InlineData("how much", "cost")]
    [InlineData("e-mail", "email")]
    [InlineData("Apple Pay", "applepay")]
    [InlineData("American Express", "amex")]
    [InlineData("doesn't work", "fail")]
    [InlineData("jeans", "item")]
    public void Terms_Synonym_FoldsOntoOneTerm(string text, string term)
    {
        Assert.Equal([term], KnowledgeIndexBuilder.Terms(text));
    }

    [Fact]
    public void Terms_ReturnAndRefund_StayApart()
    {
        Assert.Equal(["return", "refund"], KnowledgeIndexBuilder.Terms("return refund"));
    }

    [Fact]
    public void Terms_ApostrophesAndHyphensInsideWords_JoinTheWord()
    {
        Assert.Equal(["shop", "email", "checkout"], KnowledgeIndexBuilder.Terms("the shop's e-mail about check-out"));
    }

    [Fact]
    public void Terms_VeryLongWord_IsCutNotOverflowed()
    {
        var terms = KnowledgeIndexBuilder.Terms(new string('x', 500) + " refund");

        Assert.Equal(2, terms.Count);
        Assert.Equal(TermReader.MaxWordLength, terms[0].Length);
        Assert.Equal("refund", terms[1]);
    }

    [Theory]
    [InlineData("shipe", "ship")]
    [InlineData("acept", "accept")]
    [InlineData("cancle", "cancel")]
    [InlineData("adress", "address")]
    public void AreOneEditApart_CommonTypo_IsRecognised(string typo, string term)
    {
        Assert.True(Typos.AreOneEditApart(typo, term));
    }

    [Theory]
    [InlineData("car", "card")]
    [InlineData("crack", "track")]
    [InlineData("refund", "refund")]
    [InlineData("return", "retina")]
    public void AreOneEditApart_ShortWordFirstLetterOrMoreThanOneEdit_IsNotATypo(string word, string term)
    {
        Assert.False(Typos.AreOneEditApart(word, term));
    }
}

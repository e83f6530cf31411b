namespace BotHost.Tests.Dialogs;

public class BotDialogsTests
{
    [Fact]
    public async Task Answer_KnownQuestion_AnswersAndCountsNoFailure()
    {
        var t = DialogTranscript.Start();
        await t.Send("How long does standard shipping take?").ExpectAnswered().ExpectNoHandover().ExpectState(s => Assert.Equal(0, s.FailedAttempts));
    }

    [Fact]
    public async Task ContactRequest_HandsOverWithEvidence()
    {
        var t = DialogTranscript.Start();
        await t.Send("can I talk to a real person please").ExpectHandover("contact_request");
        Assert.Contains("person", t.Last.HandOver!.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContactRequest_Disabled_TheAiAnswers()
    {
        var t = DialogTranscript.Start(new() { ["Bots:demo:ContactRequest"] = "false" });
        await t.Send("can I talk to a real person please").ExpectNoHandover();
    }

    [Fact]
    public async Task PlanWithoutHandover_NoTriggerHandsOverAndNothingOffersAPerson()
    {
        var t = DialogTranscript.Start(new() { ["Workspace:PlanIncludesHandover"] = "false", ["Bots:demo:OfferBeforeHandover"] = "true" });
        await t.Send("can I talk to a real person please").ExpectNoHandover();
        await t.Send("Do you offer car insurance?").ExpectNoHandover();
        await t.Send("what about insurance for my car then").ExpectNoHandover();
        await t.Send("and insurance for a motorbike?").ExpectNoHandover().ExpectState(s => Assert.Null(s.Offer));
    }

    [Fact]
    public async Task LackOfInformationTwice_HandsOverAsFailedAttempts()
    {
        var t = DialogTranscript.Start();
        await t.Send("Do you offer car insurance?").ExpectNoHandover().ExpectState(s => Assert.Equal(1, s.FailedAttempts));
        await t.Send("what about insurance for my car then").ExpectHandover("failed_attempts");
    }

    [Fact]
    public async Task DidNotHelp_CountsAsAFailedAttempt()
    {
        var t = DialogTranscript.Start(new() { ["Bots:demo:FailedAttemptLimit"] = "3" });
        await t.Send("How do I return an item?").ExpectAnswered().ExpectState(s => Assert.Equal(0, s.FailedAttempts));
        await t.Send("that didn't help").ExpectState(s => Assert.Equal(1, s.FailedAttempts));
        await t.Send("still not what I asked").ExpectState(s => Assert.Equal(2, s.FailedAttempts));
        await t.Send("this is useless").ExpectHandover("failed_attempts");
    }

    [Fact]
    public async Task SameQuestionRephrased_CountsAsAFailedAttempt()
    {
        var t = DialogTranscript.Start();
        await t.Send("How long does standard shipping take?").ExpectAnswered();
        await t.Send("how long does the standard shipping take again").ExpectState(s => Assert.Equal(1, s.FailedAttempts));
    }

    [Fact]
    public async Task Offer_Yes_HandsOver()
    {
        var t = DialogTranscript.Start(new() { ["Bots:demo:OfferBeforeHandover"] = "true" });
        await t.Send("can you fix my washing machine").ExpectNoHandover();
        await t.Send("my washing machine is broken, can you repair it?").ExpectReply("connect you with a person").ExpectNoHandover()
            .ExpectState(s => Assert.Equal("offer-transfer", s.Active));
        await t.Send("yep please").ExpectHandover("failed_attempts");
    }

    [Fact]
    public async Task Offer_No_KeepsTheAiAndResetsTheCount()
    {
        var t = DialogTranscript.Start(new() { ["Bots:demo:OfferBeforeHandover"] = "true" });
        await t.Send("can you fix my washing machine");
        await t.Send("my washing machine is broken, can you repair it?");
        await t.Send("no thanks").ExpectNoHandover().ExpectReply("here if you need").ExpectState(s => Assert.Equal((0, "answer"), (s.FailedAttempts, s.Active)));
    }

    [Fact]
    public async Task Offer_UnrelatedQuestion_OfferLapsesAndTheAiAnswers()
    {
        var t = DialogTranscript.Start(new() { ["Bots:demo:OfferBeforeHandover"] = "true" });
        await t.Send("can you fix my washing machine");
        await t.Send("my washing machine is broken, can you repair it?");
        await t.Send("what payment methods do you accept?").ExpectAnswered().ExpectNoHandover().ExpectState(s => Assert.Null(s.Offer));
    }

    [Fact]
    public async Task Scenario_RefundOverThreshold_HandsOverNamingTheRule()
    {
        var t = DialogTranscript.Start(new()
        {
            ["Bots:demo:Scenarios:0:Name"] = "Refund requests over $200",
            ["Bots:demo:Scenarios:0:Topic"] = "refund",
            ["Bots:demo:Scenarios:0:AmountOver:Value"] = "200",
            ["Bots:demo:Scenarios:0:AmountOver:Currency"] = "USD",
        });
        await t.Send("I want a refund for my $80 jacket").ExpectNoHandover();
        await t.Send("also I need a refund of $349.99 for the boots").ExpectHandover("scenario");
        Assert.Equal("Refund requests over $200", t.Last.HandOver!.Rule);
        Assert.Contains("349.99 USD", t.Last.HandOver.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_Frustration_HandsOver()
    {
        var t = DialogTranscript.Start(new() { ["Bots:demo:Scenarios:0:Name"] = "Frustrated customers", ["Bots:demo:Scenarios:0:Frustration"] = "true" });
        await t.Send("where is my order?").ExpectNoHandover();
        await t.Send("THIS IS THE THIRD TIME I ASK, your service is terrible!!").ExpectHandover("scenario");
    }

    [Fact]
    public async Task SemiAutomate_ContactRequest_TheAiKeepsAnsweringAndSuggestsEscalation()
    {
        var t = DialogTranscript.Start(new() { ["Bots:demo:Mode"] = "SemiAutomate" });
        await t.Send("I want to speak to an agent").ExpectNoHandover().ExpectEscalation("contact_request");
        Assert.NotEmpty(t.Last.Replies);
    }

    [Fact]
    public async Task Closing_ThanksThatsAll_Closes()
    {
        var t = DialogTranscript.Start();
        await t.Send("How long does standard shipping take?");
        await t.Send("thanks, that's all").ExpectClosed().ExpectReply("welcome");
    }

    [Theory]
    [InlineData("thanks, that's all, but where is my parcel?")]
    [InlineData("thanks! also, do you ship to Canada?")]
    public async Task Closing_WithAQuestion_DoesNotClose(string text)
    {
        var t = DialogTranscript.Start();
        var step = await t.Send(text);
        Assert.False(step.Last.Close);
    }

    [Fact]
    public async Task GiveBack_StartsAfreshWithTheHumanPartAsContext()
    {
        var t = DialogTranscript.Start();
        await t.Send("Do you offer car insurance?").ExpectState(s => Assert.Equal(1, s.FailedAttempts));
        t.HumanSaid("We don't sell insurance, sorry. Anything else?");
        await t.Send("what payment methods do you accept?").ExpectAnswered().ExpectNoHandover()
            .ExpectState(s =>
            {
                Assert.Equal(0, s.FailedAttempts);
                Assert.Contains("insurance", s.HumanSummary, StringComparison.Ordinal);
            });
    }
}

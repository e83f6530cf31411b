using Xunit.Abstractions;

namespace BotHost.Tests.Recognizers;

/// <summary>Our recognizers against upstream Recognizers-Text's English specs; each test prints its pass rate and failures.</summary>
public sealed class SpecConformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void BooleanModel_EnglishSpec_PassesEveryCase() =>
        AssertPassRate(new SpecFile("Choice-English-BooleanModel.json", "boolean", "value", "score"), 1.0);

    [Fact]
    public void EmailModel_EnglishSpec_PassesEveryCase() =>
        AssertPassRate(new SpecFile("Sequence-English-EmailModel.json", "email", "value"), 1.0);

    [Fact]
    public void NumberModel_EnglishSpec_PassesAtLeast95Percent() =>
        AssertPassRate(new SpecFile("Number-English-NumberModel.json", "number", "value", "subtype"), 0.95);

    [Fact]
    public void CurrencyModel_EnglishSpec_PassesAtLeast95Percent() =>
        AssertPassRate(new SpecFile("NumberWithUnit-English-CurrencyModel.json", "currency", "value", "unit", "isoCurrency"), 0.95);

    [Fact]
    public void PhoneNumberModel_EnglishSpec_PassesAtLeast90Percent() =>
        AssertPassRate(new SpecFile("Sequence-English-PhoneNumberModel.json", "phone", "value", "score"), 0.90);

    private void AssertPassRate(SpecFile file, double target)
    {
        var run = file.Run();
        output.WriteLine(run.Summary());
        foreach (var failure in run.Failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(run.PassRate >= target, $"{run.Summary()}; target {target:P0}");
    }
}

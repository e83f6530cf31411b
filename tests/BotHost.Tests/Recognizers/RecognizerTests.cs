using BotHost.Recognizers;

namespace BotHost.Tests.Recognizers;

/// <summary>Shopper-message cases beyond the upstream specs, and the cases that shaped the rules.</summary>
public sealed class RecognizerTests
{
    [Theory]
    [InlineData("$349.99", "$349.99", "349.99", "Dollar", null)]
    [InlineData("can I get 250 dollars back", "250 dollars", "250", "Dollar", null)]
    [InlineData("€80 please", "€80", "80", "Euro", "EUR")]
    [InlineData("it was two hundred bucks", "two hundred bucks", "200", "Dollar", null)]
    [InlineData("refund of USD 1,500.50", "usd 1,500.50", "1500.5", "United States dollar", "USD")]
    [InlineData("about 3k euros", "3k euros", "3000", "Euro", "EUR")]
    [InlineData("£ 12 and 40 pence", "£ 12 and 40 pence", "12.4", "Pound", null)]
    public void CurrencyRecognize_ShopperAmounts_ResolvesValueUnitAndIso(string input, string text, string value, string unit, string? iso)
    {
        var result = Assert.Single(new CurrencyRecognizer().Recognize(input));

        Assert.Equal(text, result.Text);
        Assert.Equal(new CurrencyResolution(value, unit, iso), result.Resolution);
        Assert.Equal(input.IndexOf(text, StringComparison.OrdinalIgnoreCase), result.Start);
        Assert.Equal(result.Start + text.Length - 1, result.End);
    }

    [Theory]
    [InlineData("All 70 of us.")]
    [InlineData("I tried to call Bob 3 times")]
    [InlineData("order 66 please")]
    public void CurrencyRecognize_CodesThatAreEnglishWordsOrNoUnit_FindsNothing(string input) =>
        Assert.Empty(new CurrencyRecognizer().Recognize(input));

    [Theory]
    [InlineData("two hundred and fifty", "250", "integer")]
    [InlineData("1,500.50", "1500.5", "decimal")]
    [InlineData("3k", "3000", "integer")]
    [InlineData("one and a half million", "1500000", "fraction")]
    [InlineData("a dozen", "12", "integer")]
    [InlineData("minus 5", "-5", "integer")]
    public void NumberRecognize_WordsAndDigits_ResolvesValueAndSubtype(string input, string value, string subtype)
    {
        var result = Assert.Single(new NumberRecognizer().Recognize(input));

        Assert.Equal(new NumberResolution(subtype, value), result.Resolution);
        Assert.Equal(0, result.Start);
        Assert.Equal(input.Length - 1, result.End);
    }

    [Theory]
    [InlineData("order 180ml of it")]
    [InlineData("which one do you mean")]
    [InlineData("the 4th of May")]
    public void NumberRecognize_DigitsGluedToUnitsOrPronounOne_FindsNothing(string input) =>
        Assert.Empty(new NumberRecognizer().Recognize(input));

    [Fact]
    public void NumberRecognize_IpAddress_FindsEachPart() =>
        Assert.Equal(["192", "168", "1", "2"], new NumberRecognizer().Recognize("192.168.1.2").Select(r => r.Text));

    [Theory]
    [InlineData("yes please", true)]
    [InlineData("nope", false)]
    [InlineData("👍", true)]
    [InlineData("it's not ok", false)]
    public void BooleanRecognize_Answer_ResolvesValue(string input, bool value) =>
        Assert.Equal(value, Assert.Single(new BooleanRecognizer().Recognize(input)).Resolution.Value);

    [Fact]
    public void BooleanRecognize_NoAnswer_FindsNothing() =>
        Assert.Empty(new BooleanRecognizer().Recognize("where is my parcel?"));

    [Fact]
    public void EmailRecognize_AddressEndingASentence_LeavesThePeriodOut() =>
        Assert.Equal("jane.doe+shop@example.co.uk", Assert.Single(new EmailRecognizer().Recognize("Mail Jane.Doe+shop@Example.co.uk.")).Resolution.Value);

    [Theory]
    [InlineData("call me on +44 7700 900397 please", "+44 7700 900397")]
    [InlineData("my number is (541) 754-3010", "(541) 754-3010")]
    public void PhoneRecognize_FormattedNumber_FindsIt(string input, string value) =>
        Assert.Equal(value, Assert.Single(new PhoneNumberRecognizer().Recognize(input)).Resolution.Value);

    [Theory]
    [InlineData("order #20020211895")]
    [InlineData("paid on 16/04/2010")]
    [InlineData("card 5111 1111 1111 1111")]
    public void PhoneRecognize_IdentifiersDatesAndCards_FindsNothing(string input) =>
        Assert.Empty(new PhoneNumberRecognizer().Recognize(input));
}

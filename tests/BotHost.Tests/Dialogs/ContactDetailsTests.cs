using BotHost.Dialogs;
using Handover.Actions;

namespace BotHost.Tests.Dialogs;

/// <summary>The contact form (P2) reads its answers with the product's recognizers.</summary>
public class ContactDetailsTests
{
    private static readonly RecognizedContactDetails Reader = new();

    [Theory]
    [InlineData("my mail is jane.doe@example.com", "jane.doe@example.com")]
    [InlineData("Jane.Doe@Example.COM.", "jane.doe@example.com")]
    [InlineData("sam+shop@mail.example.co.uk please", "sam+shop@mail.example.co.uk")]
    [InlineData("jane at nowhere", null)]
    [InlineData("jane@nowhere", null)]
    [InlineData("a..b@example.com", null)]
    [InlineData("skip", null)]
    public void ReadEmail_FindsTheAddressInTheAnswer_OrNothing(string answer, string? expected) => Assert.Equal(expected, Reader.ReadEmail(answer));

    [Theory]
    [InlineData("+1 (415) 555-0100", "+14155550100")]
    [InlineData("call me on 0176 12 34 56 78", "017612345678")]
    [InlineData("0044 20 7946 0958", "+442079460958")]
    [InlineData("837.824.1482 ext 63888", "8378241482 ext 63888")]
    [InlineData("12345", null)]
    [InlineData("2024-05-01", null)]
    [InlineData("skip", null)]
    public void ReadPhone_FindsTheNumberInTheAnswer_Normalized_OrNothing(string answer, string? expected) => Assert.Equal(expected, Reader.ReadPhone(answer));

    [Fact]
    public void TextForm_WithTheRecognizers_RereadsABadEmailOnce_AndCompletes()
    {
        const string Saved = "Saved: {Contact}";
        var state = new TextContactFormState();
        string[] Say(string text)
        {
            var turn = TextContactForm.Answer(state, text, Reader, Saved);
            state = turn.State;
            return [.. turn.Replies];
        }

        Assert.Equal([$"Thanks, Jane. {TextContactForm.EmailQuestion}"], Say("Jane"));
        Assert.Equal([TextContactForm.EmailHint], Say("jane at nowhere"));
        Assert.Equal([TextContactForm.PhoneQuestion], Say("my mail is jane.doe@example.com"));
        Assert.Equal(["Saved: Jane, jane.doe@example.com, +14155550100"], Say("+1 (415) 555-0100"));
        Assert.Equal(TextContactFormStep.Done, state.Step);
    }

    [Fact]
    public void TextForm_AnAddressForTheName_IsTakenAsTheEmail()
    {
        var turn = TextContactForm.Answer(new TextContactFormState(), "it's jane.doe@example.com", Reader, "{Contact}");
        Assert.Equal((TextContactFormStep.Phone, "jane.doe@example.com", (string?)null), (turn.State.Step, turn.State.Email, turn.State.Name));
    }
}

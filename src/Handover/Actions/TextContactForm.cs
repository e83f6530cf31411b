using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handover.Actions;

/// <summary>Where the contact form on a text channel stands: the question the shopper's next message answers.</summary>
public enum TextContactFormStep
{
    Name,
    Email,
    Phone,
    /// <summary>Every question was answered; the contact (if any) is stored.</summary>
    Done,
    /// <summary>An agent took the conversation (or it changed hands) before the shopper finished: the form is over.</summary>
    Ended,
}

/// <summary>
/// The contact form's state on SMS or WhatsApp, persisted as JSON with the conversation's form row (typed, no string bags).
/// <see cref="StartedAfterEventId"/> and <see cref="StartedAfterMessageId"/> mark where the form began: any later
/// transition or human message ends it; shopper messages after <see cref="LastMessageId"/> are answers not read yet.
/// </summary>
public sealed record TextContactFormState
{
    public TextContactFormStep Step { get; init; } = TextContactFormStep.Name;

    public string? Name { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    /// <summary>The current question was asked again after an answer that did not read; the next bad answer moves on.</summary>
    public bool AskedAgain { get; init; }

    public long StartedAfterEventId { get; init; }

    public long StartedAfterMessageId { get; init; }

    public long LastMessageId { get; init; }

    [JsonIgnore]
    public bool InProgress => Step is TextContactFormStep.Name or TextContactFormStep.Email or TextContactFormStep.Phone;

    public string Serialize() => JsonSerializer.Serialize(this, ContactFormJson.Default.TextContactFormState);

    public static TextContactFormState Parse(string json) =>
        JsonSerializer.Deserialize(json, ContactFormJson.Default.TextContactFormState) ?? throw new JsonException("empty contact form state");
}

/// <summary>What one answer did: the form's next state, what the shopper is told, and the details to store when it finished.</summary>
public sealed record TextContactFormTurn(TextContactFormState State, IReadOnlyList<string> Replies, ContactDetails? Completed);

public sealed record ContactDetails(string? Name, string? Email, string? Phone);

/// <summary>
/// The contact form asked in turn on text channels (P2): name, then e-mail (read by the recognizers; asked once more with
/// a hint when it does not read), then phone (optional, "skip"), then the details are confirmed and stored with the
/// closing text. Pure: the caller persists the state and sends the replies.
/// </summary>
public static class TextContactForm
{
    public const string NameQuestion = "First, what is your name?";
    public const string NameHint = "Sorry, I didn't catch that. Just your name, please (or reply \"skip\").";
    public const string EmailQuestion = "What e-mail address can we reach you at?";
    public const string EmailHint = "That doesn't look like an e-mail address. Please write it like name@example.com.";
    public const string EmailGivenUp = "I still can't read an e-mail address there, so let's try your phone instead.";
    public const string PhoneQuestion = "And a phone number? Reply \"skip\" if you'd rather not.";
    public const string PhoneNeededQuestion = "What phone number can we call or text you on?";
    public const string PhoneHint = "That doesn't look like a phone number. Please write it with the area code, like +1 415 555 0100, or reply \"skip\".";
    public const string NothingLeftText = "Without an e-mail address or a phone number we can't get back to you later, but an agent will answer you here as soon as one is free.";

    private const int MaxNameLength = 80;
    private const int MaxNameWords = 6;

    private static readonly HashSet<string> SkipWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "skip", "no", "none", "nope", "no thanks", "no thank you", "pass", "n/a", "-",
    };

    /// <param name="savedText">The bot's text for a stored contact, with {Contact} for the details.</param>
    public static TextContactFormTurn Answer(TextContactFormState state, string text, IContactDetailsReader reader, string savedText)
    {
        var answer = text.Trim();
        var skipped = SkipWords.Contains(answer.TrimEnd('.', '!'));
        return state.Step switch
        {
            TextContactFormStep.Name => AnswerName(state, answer, skipped, reader),
            TextContactFormStep.Email => AnswerEmail(state, answer, skipped, reader),
            TextContactFormStep.Phone => AnswerPhone(state, answer, skipped, reader, savedText),
            _ => new TextContactFormTurn(state, [], null),
        };
    }

    private static TextContactFormTurn AnswerName(TextContactFormState state, string answer, bool skipped, IContactDetailsReader reader)
    {
        // A shopper who goes straight to the point ("jane@example.com") has answered the next question too.
        if (reader.ReadEmail(answer) is { } email)
            return Ask(state with { Email = email }, TextContactFormStep.Phone, PhoneQuestion);
        if (skipped)
            return Ask(state, TextContactFormStep.Email, EmailQuestion);
        if (LooksLikeAName(answer))
            return Ask(state with { Name = answer }, TextContactFormStep.Email, $"Thanks, {answer}. {EmailQuestion}");
        return state.AskedAgain
            ? Ask(state, TextContactFormStep.Email, EmailQuestion)
            : AskAgain(state, NameHint);
    }

    private static TextContactFormTurn AnswerEmail(TextContactFormState state, string answer, bool skipped, IContactDetailsReader reader)
    {
        if (reader.ReadEmail(answer) is { } email)
            return Ask(state with { Email = email }, TextContactFormStep.Phone, PhoneQuestion);
        if (skipped)
            return Ask(state, TextContactFormStep.Phone, PhoneNeededQuestion);
        return state.AskedAgain
            ? Ask(state, TextContactFormStep.Phone, $"{EmailGivenUp} {PhoneNeededQuestion}")
            : AskAgain(state, EmailHint);
    }

    private static TextContactFormTurn AnswerPhone(TextContactFormState state, string answer, bool skipped, IContactDetailsReader reader, string savedText)
    {
        if (reader.ReadPhone(answer) is { } phone)
            return Finish(state with { Phone = phone }, savedText);
        if (skipped || state.AskedAgain)
            return Finish(state, savedText);
        return AskAgain(state, PhoneHint);
    }

    private static TextContactFormTurn Ask(TextContactFormState state, TextContactFormStep next, string question) =>
        new(state with { Step = next, AskedAgain = false }, [question], null);

    private static TextContactFormTurn AskAgain(TextContactFormState state, string hint) =>
        new(state with { AskedAgain = true }, [hint], null);

    private static TextContactFormTurn Finish(TextContactFormState state, string savedText)
    {
        var done = state with { Step = TextContactFormStep.Done, AskedAgain = false };
        if (state.Email is null && state.Phone is null)
            return new TextContactFormTurn(done, [NothingLeftText], null);
        var details = new ContactDetails(state.Name, state.Email, state.Phone);
        var text = savedText.Replace("{Contact}", ContactStore.Describe(state.Name, state.Email, state.Phone), StringComparison.Ordinal);
        return new TextContactFormTurn(done, [text], details);
    }

    /// <summary>A few words with a letter in them, not a question nor an address: "Jane", "Jane Doe", "Dr. Li".</summary>
    private static bool LooksLikeAName(string answer) =>
        answer.Length is > 0 and <= MaxNameLength
        && answer.Any(char.IsLetter)
        && !answer.Contains('?', StringComparison.Ordinal)
        && !answer.Contains('@', StringComparison.Ordinal)
        && answer.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxNameWords;
}

[JsonSerializable(typeof(TextContactFormState))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class ContactFormJson : JsonSerializerContext;

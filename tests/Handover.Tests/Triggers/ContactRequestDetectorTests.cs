using Handover.Triggers;
using Xunit.Abstractions;

namespace Handover.Tests.Triggers;

public class ContactRequestDetectorTests(ITestOutputHelper output)
{
    private static readonly ContactRequestDetector Detector = new();

    private static bool IsRequest(string text) => Detector.Detect(new TriggerContext("demo", text, [])) is not null;

    /// <summary>Requests for a person: plain, polite, one-word, slang, typos, other languages.</summary>
    public static readonly string[] Requests =
    [
        "Can I talk to a human?", "can I talk to a real person please", "transfer to agent", "speak to someone", "real person", "support",
        "agent", "agent please", "human please", "operator!", "representative", "I want to speak to an agent", "I need a human",
        "connect me with a person", "put me through to customer service", "customer service please", "live agent", "get me a human",
        "hooman pls", "tlak to someone", "i wanna talk to a persn", "can i speek to an agnet", "HUMAN", "Human!!!", "let me talk to a manager",
        "I'd rather talk to a person", "is there a human I can talk to?", "are there any agents available?", "could you transfer me to a representative",
        "i need to speak with somebody from your team", "pls connect me to an operator", "I want a real person not a bot",
        "No, I want a human", "this isn't helping, get me a person", "talk to human", "speak with a live person",
        "escalate to a human please", "can someone from your staff help me", "can I chat with an actual person", "need agent asap",
        "quiero hablar con una persona", "necesito un agente humano", "pasame con un asesor por favor", "hablar con un humano",
        "quero falar com um atendente", "preciso falar com uma pessoa", "falar com humano", "atendente por favor",
        "je veux parler à un humain", "je voudrais parler à un conseiller", "un humain svp", "passer à un agent",
        "ich möchte mit einem Menschen sprechen", "Mitarbeiter bitte", "kann ich mit einem Berater sprechen", "verbinden Sie mich mit einem Mitarbeiter",
        "Menschen bitte", "mit einem echten Menschen reden",
    ];

    /// <summary>Near misses: negations, questions about the bot, information about the team, people mentioned in passing.</summary>
    public static readonly string[] NotRequests =
    [
        "no need for a human, just tell me your return window", "I don't need an agent", "no human please, the bot is fine",
        "are you a bot?", "are you a real person?", "am I talking to a human?", "is this a real person or AI?", "r u human",
        "what's your support e-mail?", "customer service hours?", "what are your customer support hours", "how do I contact support?",
        "what is the phone number of customer service", "where is your customer service address",
        "the delivery agent left my parcel at the neighbour", "someone stole my package", "my manager ordered the wrong size",
        "I need help with my order", "help", "How long does standard shipping take?", "do you ship to Canada?", "thanks, that's all",
        "I need the delivery agent's number", "can you tell a person's size from height?", "is this jacket for a person of 180 cm",
        "what payment methods do you accept?", "I want to return my shoes", "people say your boots run small", "human hair wig?",
        "where is my order #1042?", "the courier said someone signed for it", "support for size 14 feet?", "I need a refund",
        "no quiero hablar con un agente", "¿eres un bot?", "cuál es el correo de soporte", "não quero falar com um atendente",
        "je ne veux pas parler à un humain", "êtes-vous un robot ?", "ich will nicht mit einem Menschen sprechen", "bist du ein Mensch?",
        "wie ist die Telefonnummer vom Kundenservice",
    ];

    [Theory]
    [InlineData("Can I talk to a human?")]
    [InlineData("support")]
    [InlineData("hooman pls")]
    [InlineData("tlak to someone")]
    [InlineData("quiero hablar con una persona")]
    [InlineData("ich möchte mit einem Menschen sprechen")]
    public void Detect_Request_IsContactRequestWithEvidence(string text)
    {
        var reason = Detector.Detect(new TriggerContext("demo", text, []));
        Assert.NotNull(reason);
        Assert.Equal("contact_request", reason.Trigger);
        Assert.False(string.IsNullOrWhiteSpace(reason.Evidence));
        Assert.InRange(reason.Confidence, 0.5, 1.0);
    }

    [Theory]
    [InlineData("no need for a human, just tell me your return window")]
    [InlineData("are you a bot?")]
    [InlineData("what's your support e-mail?")]
    [InlineData("je ne veux pas parler à un humain")]
    public void Detect_NearMiss_IsNotARequest(string text) => Assert.False(IsRequest(text));

    [Fact]
    public void Detect_LabelledSets_PrecisionAndRecall()
    {
        var truePositives = Requests.Count(IsRequest);
        var falsePositives = NotRequests.Count(IsRequest);
        var precision = truePositives / (double)Math.Max(1, truePositives + falsePositives);
        var recall = truePositives / (double)Requests.Length;
        output.WriteLine($"contact request: precision {precision:P1}, recall {recall:P1} ({Requests.Length} requests, {NotRequests.Length} near misses)");
        foreach (var missed in Requests.Where(t => !IsRequest(t)))
            output.WriteLine($"  missed: {missed}");
        foreach (var wrong in NotRequests.Where(IsRequest))
            output.WriteLine($"  wrongly detected: {wrong}");
        Assert.True(precision >= 0.95, $"precision {precision:P1}");
        Assert.True(recall >= 0.9, $"recall {recall:P1}");
    }

    [Fact]
    public void Detect_LongPathologicalInput_IsFast()
    {
        var text = string.Concat(Enumerable.Repeat("talk talk to to a a ", 400));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Detector.Detect(new TriggerContext("demo", text, []));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("agent", "agnet", true)]
    [InlineData("person", "perosn", true)]
    [InlineData("human", "humans", true)]
    [InlineData("human", "hmn", false)]
    [InlineData("speak", "sneak", true)]
    [InlineData("agent", "urgent", false)]
    public void WithinOneEdit_Cases(string a, string b, bool expected) => Assert.Equal(expected, ContactRequestDetector.WithinOneEdit(a, b));
}

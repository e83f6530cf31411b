namespace Handover.Bots;

/// <summary>What a shopper's message after Resolve does (L7).</summary>
public enum AfterResolve
{
    /// <summary>Reopen the conversation with whoever was in charge.</summary>
    Reopen,
    /// <summary>Start a fresh conversation with the AI.</summary>
    FreshConversation,
}

/// <summary>Automate hands over at once; Semi-automate lets the AI go on and flags the conversation for an admin (T7).</summary>
public enum HandoverMode
{
    Automate,
    SemiAutomate,
}

/// <summary>A rule the admin writes (T5): a topic, optionally with an amount over a threshold, or frustration.</summary>
public sealed class ScenarioRule
{
    public string Name { get; set; } = "";

    /// <summary>A built-in topic (refund, legal, cancellation, complaint) or any word; the topic's words are matched.</summary>
    public string? Topic { get; set; }

    /// <summary>More words or phrases that mean the topic.</summary>
    public List<string> Keywords { get; set; } = [];

    /// <summary>Fires only when the message also names an amount above this (in this currency).</summary>
    public AmountThreshold? AmountOver { get; set; }

    /// <summary>Fires when the shopper is frustrated (sentiment at or below the bot's frustration threshold).</summary>
    public bool Frustration { get; set; }
}

public sealed class AmountThreshold
{
    public decimal Value { get; set; }

    /// <summary>ISO 4217 code, e.g. USD.</summary>
    public string Currency { get; set; } = "USD";
}

/// <summary>One bot's handover behaviour. Texts may use {AgentName}.</summary>
public sealed class BotSettings
{
    public HandoverMode Mode { get; set; } = HandoverMode.Automate;

    /// <summary>T1: hand over when the shopper asks for a person.</summary>
    public bool ContactRequest { get; set; } = true;

    /// <summary>T3: unsuccessful AI attempts before a handover (or an offer).</summary>
    public int FailedAttemptLimit { get; set; } = 2;

    /// <summary>T4: ask "would you like a person?" instead of handing over after failed attempts.</summary>
    public bool OfferBeforeHandover { get; set; }

    public string OfferText { get; set; } = "I'm sorry I couldn't help with that. Would you like me to connect you with a person from our team?";

    public string OfferDeclinedText { get; set; } = "No problem, I'm here if you need anything else.";

    /// <summary>T8: "thanks, that's all" resolves the conversation.</summary>
    public bool CloseOnThanks { get; set; } = true;

    public string ClosingText { get; set; } = "You're welcome! Have a great day.";

    /// <summary>T5: the admin's scenarios, in order; the first that fires hands over.</summary>
    public List<ScenarioRule> Scenarios { get; set; } = [];

    /// <summary>Amounts written with an ambiguous sign ("$") count in this currency.</summary>
    public string DefaultCurrency { get; set; } = "USD";

    /// <summary>A sentiment score in [-1, 1] at or below this is frustration.</summary>
    public double FrustrationThreshold { get; set; } = -0.5;

    public string DisplayName { get; set; } = "Shop assistant";

    public AfterResolve AfterResolve { get; set; } = AfterResolve.Reopen;

    public string HandingOverNotice { get; set; } = "I'm connecting you with a person from our team. Someone will be with you shortly.";

    public string TakeoverNotice { get; set; } = "Your conversation is now handled by our Customer Service. I'm {AgentName} ready to assist you.";

    public string GiveBackNotice { get; set; } =
        "Thank you for contacting us. Your conversation is now back to being handled by AI assistant. If you need help again, don't hesitate to ask!";

    public string TransferNotice { get; set; } = "Your conversation has been passed to {AgentName}, who will continue to help you.";
}

/// <summary>Settings of every bot, by bot id (configuration section "Bots"). A bot without an entry gets the defaults.</summary>
public sealed class BotsOptions
{
    public const string Section = "Bots";

    public Dictionary<string, BotSettings> Bots { get; set; } = new(StringComparer.Ordinal);

    public BotSettings For(string botId) => Bots.TryGetValue(botId, out var settings) ? settings : Default;

    private static readonly BotSettings Default = new();
}

internal static class NoticeText
{
    public static string WithAgent(string template, string agentName) => template.Replace("{AgentName}", agentName, StringComparison.Ordinal);
}

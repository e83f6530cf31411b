namespace Handover.Bots;

/// <summary>What a shopper's message after Resolve does (L7).</summary>
public enum AfterResolve
{
    /// <summary>Reopen the conversation with whoever was in charge.</summary>
    Reopen,
    /// <summary>Start a fresh conversation with the AI.</summary>
    FreshConversation,
}

/// <summary>One bot's handover behaviour. Texts may use {AgentName}.</summary>
public sealed class BotSettings
{
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

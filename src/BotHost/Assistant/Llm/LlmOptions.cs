namespace BotHost.Assistant.Llm;

/// <summary>
/// Settings of the optional LLM backend (section "Assistant:Llm"). Off by default: the embedded engine answers
/// unless <see cref="Enabled"/> is true, and then it still retrieves the knowledge and is the fallback.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = AssistantOptions.SectionName + ":Llm";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public const int DefaultTopK = 4;

    /// <summary>When true, an OpenAI-compatible chat-completions endpoint writes the answers.</summary>
    public bool Enabled { get; set; }

    /// <summary>The API root, up to and without <c>/chat/completions</c>, e.g. <c>https://api.openai.com/v1</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The model name the endpoint expects ("gpt-4o-mini", "llama3.1" ...).</summary>
    public string? Model { get; set; }

    /// <summary>Sent as a bearer token. Keep it in user secrets or the environment, not in appsettings.json.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one attempt may take; a timed-out attempt is retried once, then the embedded answer is used.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>How many knowledge base entries, best first, the model is given to answer from.</summary>
    public int TopK { get; set; } = DefaultTopK;

    /// <summary>The shop's own instructions for the model (tone, scenarios, when to hand over), appended to the system prompt.</summary>
    public string? Instructions { get; set; }
}

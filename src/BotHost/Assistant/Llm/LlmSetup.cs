using Handover.Assistant;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotHost.Assistant.Llm;

/// <summary>Registers the optional LLM backend (section "Assistant:Llm"); <see cref="AssistantSetup"/> calls it.</summary>
internal static class LlmSetup
{
    /// <summary>The key of the assistant's <see cref="IChatClient"/>, so it never takes the place of another feature's.</summary>
    public const string ChatClientKey = "assistant";

    public static IServiceCollection AddLlmBackend(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmOptions>()
            .Bind(configuration.GetSection(LlmOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();

        // Timeouts are per attempt, on TimeProvider (OpenAiChatClient); the HttpClient's own would race them.
        services.AddHttpClient(OpenAiChatClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton<IChatClient, OpenAiChatClient>(ChatClientKey);
        services.AddSingleton(sp => new LlmAnswerEngine(
            sp.GetRequiredService<EmbeddedAnswerEngine>(),
            sp.GetRequiredKeyedService<IChatClient>(ChatClientKey),
            sp.GetRequiredService<IOptions<LlmOptions>>().Value,
            sp.GetRequiredService<IOptions<AssistantOptions>>().Value,
            sp.GetRequiredService<ILogger<LlmAnswerEngine>>()));
        return services;
    }

    /// <summary>The LLM engine when "Assistant:Llm:Enabled" is true, else the embedded one.</summary>
    public static IAnswerEngine ChooseEngine(IServiceProvider services) =>
        services.GetRequiredService<IOptions<LlmOptions>>().Value.Enabled
            ? services.GetRequiredService<LlmAnswerEngine>()
            : services.GetRequiredService<EmbeddedAnswerEngine>();
}

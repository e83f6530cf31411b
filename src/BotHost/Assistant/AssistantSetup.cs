using BotHost.Assistant.Llm;
using Handover.Assistant;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotHost.Assistant;

/// <summary>Registers the embedded answer engine: <c>builder.AddEmbeddedAssistant()</c>.</summary>
public static class AssistantSetup
{
    /// <summary>
    /// Binds and validates <see cref="AssistantOptions"/> (section "Assistant") and registers the embedded
    /// <see cref="IAnswerEngine"/> as a singleton, or the LLM backend when "Assistant:Llm:Enabled" is true (it retrieves
    /// with the embedded engine and falls back to it). The knowledge bases are read and indexed while the host starts;
    /// a bad option or a missing or invalid knowledge base stops startup with one message naming it.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedAssistant(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<AssistantOptions>()
            .Bind(builder.Configuration.GetSection(AssistantOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AssistantOptions>, AssistantOptionsValidator>();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AssistantOptions>>().Value;
            var contentRoot = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var logger = sp.GetRequiredService<ILogger<EmbeddedAnswerEngine>>();
            return new EmbeddedAnswerEngine(KnowledgeBaseCatalog.Load(options, contentRoot, logger), options);
        });
        services.AddLlmBackend(builder.Configuration);  // optional, off by default: Assistant:Llm
        services.AddSingleton<IAnswerEngine>(LlmSetup.ChooseEngine);
        services.AddHostedService<AssistantStartupCheck>();
        return builder;
    }
}

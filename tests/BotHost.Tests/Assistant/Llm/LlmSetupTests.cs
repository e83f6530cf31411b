using BotHost.Assistant;
using BotHost.Assistant.Llm;
using Handover.Assistant;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BotHost.Tests.Assistant.Llm;

/// <summary>Assistant:Llm as the host reads it: off by default, and every bad value named when it is on.</summary>
public sealed class LlmSetupTests
{
    [Fact]
    public async Task AddEmbeddedAssistant_LlmNotConfigured_AnswersWithTheEmbeddedEngine()
    {
        await using var host = await LlmTestHost.StartAsync(new Dictionary<string, string?>());

        Assert.IsType<EmbeddedAnswerEngine>(host.Engine);
        var options = host.Services.GetRequiredService<IOptions<LlmOptions>>().Value;
        Assert.False(options.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Equal(4, options.TopK);
    }

    [Fact]
    public async Task AddEmbeddedAssistant_LlmDisabledWithIncompleteSettings_StartsWithTheEmbeddedEngine()
    {
        await using var host = await LlmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Assistant:Llm:Enabled"] = "false",
            ["Assistant:Llm:BaseUrl"] = "not a url",
            ["Assistant:Llm:TopK"] = "0",
        });

        Assert.IsType<EmbeddedAnswerEngine>(host.Engine);
    }

    [Fact]
    public async Task AddEmbeddedAssistant_LlmEnabledWithoutItsSettings_StopsStartupNamingEachRequiredKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            LlmTestHost.StartAsync(new Dictionary<string, string?> { ["Assistant:Llm:Enabled"] = "true" }));

        Assert.Contains("Assistant:Llm:BaseUrl is required when Assistant:Llm:Enabled is true", error.Message, StringComparison.Ordinal);
        Assert.Contains("Assistant:Llm:Model is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Assistant:Llm:ApiKey is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmbeddedAssistant_LlmEnabledWithBadValues_StopsStartupNamingEveryBadKeyAndValue()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LlmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Assistant:Llm:Enabled"] = "true",
            ["Assistant:Llm:BaseUrl"] = "ftp://models.example",
            ["Assistant:Llm:Model"] = "m",
            ["Assistant:Llm:ApiKey"] = " ",
            ["Assistant:Llm:Timeout"] = "20",
            ["Assistant:Llm:TopK"] = "0",
        }));

        Assert.Contains("Assistant:Llm:BaseUrl must be an absolute http or https URL (was 'ftp://models.example').", error.Message, StringComparison.Ordinal);
        Assert.Contains("Assistant:Llm:ApiKey is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Assistant:Llm:Timeout must be more than 0 and at most 00:05:00, written like 00:00:20 (was 20.00:00:00).", error.Message, StringComparison.Ordinal);
        Assert.Contains("Assistant:Llm:TopK must be between 1 and 20 (was 0).", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Assistant:Llm:Model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmbeddedAssistant_LlmEnabled_AnswerEngineIsTheLlmEngineAndTheChatClientIsKeyed()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        await using var host = await LlmTestHost.StartAsync(server);

        Assert.IsType<LlmAnswerEngine>(host.Engine);
        Assert.IsType<OpenAiChatClient>(host.Services.GetRequiredKeyedService<Microsoft.Extensions.AI.IChatClient>(LlmSetup.ChatClientKey));
        Assert.Null(host.Services.GetService<Microsoft.Extensions.AI.IChatClient>());
        Assert.IsType<EmbeddedAnswerEngine>(host.Services.GetRequiredService<EmbeddedAnswerEngine>());
        Assert.Same(host.Engine, host.Services.GetRequiredService<IAnswerEngine>());
    }
}

using BotHost.Assistant;
using Handover.Assistant;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BotHost.Tests.Assistant;

/// <summary>The engine as the host gets it: configuration, validation and the knowledge bases read at start.</summary>
public sealed class AssistantSetupTests : IDisposable
{
    private readonly TempFolder _contentRoot = new();

    public void Dispose() => _contentRoot.Dispose();

    [Fact]
    public async Task AddEmbeddedAssistant_NoConfiguration_AnswersForTheDemoBotWithDefaults()
    {
        using var host = Build([]);
        await host.StartAsync();

        var engine = host.Services.GetRequiredService<IAnswerEngine>();
        var answer = await engine.AnswerAsync(new AnswerRequest("demo", "do you accept paypal", []), CancellationToken.None);

        Assert.True(answer.Known);
        Assert.Equal("payment-methods", answer.SourceId);
        Assert.Same(engine, host.Services.GetRequiredService<IAnswerEngine>());
        var options = host.Services.GetRequiredService<IOptions<AssistantOptions>>().Value;
        Assert.Equal(0.5, options.ConfidenceThreshold);
        Assert.Equal(AssistantOptions.DefaultUnknownAnswer, options.UnknownAnswer);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddEmbeddedAssistant_BadOptions_StopsStartupNamingEveryBadKeyAndValue()
    {
        using var host = Build(new()
        {
            ["Assistant:ConfidenceThreshold"] = "1.5",
            ["Assistant:UnknownAnswer"] = " ",
            ["Assistant:KnowledgeBases:shop"] = "shop.txt",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Assistant:ConfidenceThreshold must be between 0 and 1 (was 1.5).", error.Message, StringComparison.Ordinal);
        Assert.Contains("Assistant:UnknownAnswer must not be empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("Assistant:KnowledgeBases:shop must be a .yaml, .yml or .md file (was 'shop.txt').", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmbeddedAssistant_ThresholdThatIsNotANumber_StopsStartupNamingTheKey()
    {
        using var host = Build(new() { ["Assistant:ConfidenceThreshold"] = "high" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("Assistant:ConfidenceThreshold", error.Message, StringComparison.Ordinal);
        Assert.Contains("high", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmbeddedAssistant_MissingKnowledgeBase_StopsStartupNamingTheBotAndWhereItLooked()
    {
        using var host = Build(new() { ["Assistant:KnowledgeBases:shop"] = "kb/missing.yaml" });

        var error = await Assert.ThrowsAsync<KnowledgeBaseException>(() => host.StartAsync());

        Assert.Contains("Assistant:KnowledgeBases:shop: knowledge base 'kb/missing.yaml' not found", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "kb", "missing.yaml"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_contentRoot.Path, "kb", "missing.yaml"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmbeddedAssistant_InvalidKnowledgeBases_StopsStartupListingEachInOneMessage()
    {
        var broken = _contentRoot.Write("broken.yaml", "- id: a\n  questions: [Q?]\n");
        using var host = Build(new()
        {
            ["Assistant:KnowledgeBases:shop"] = broken,
            ["Assistant:KnowledgeBases:other"] = "nowhere.md",
        });

        var error = await Assert.ThrowsAsync<KnowledgeBaseException>(() => host.StartAsync());

        Assert.StartsWith("The assistant's knowledge bases could not be loaded:", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Assistant:KnowledgeBases:shop: Knowledge base '{broken}' is invalid: line 1: entry 1 ('a'): 'answer' is missing or empty.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Assistant:KnowledgeBases:other: knowledge base 'nowhere.md' not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmbeddedAssistant_RelativePaths_ResolveNextToTheAppThenInTheContentRoot()
    {
        _contentRoot.Write("kb/shop.md", "## Do you sell hats?\n\nYes, wool and straw hats.");
        using var host = Build(new()
        {
            ["Assistant:KnowledgeBases:shop"] = "kb/shop.md",
            ["Assistant:KnowledgeBases:copy"] = "Demo/knowledge.yaml",
        });
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<EmbeddedAnswerEngine>();

        Assert.Equal("Yes, wool and straw hats.", engine.Respond("shop", "do you sell hats").Text);
        Assert.Equal("payment-methods", engine.Respond("copy", "do you accept paypal").SourceId);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddEmbeddedAssistant_DemoBotConfigured_AnswersFromTheConfiguredFile()
    {
        var file = _contentRoot.Write("demo.yaml", "- id: hats\n  questions: [Do you sell hats?]\n  answer: Only on Tuesdays.");
        using var host = Build(new()
        {
            ["Assistant:KnowledgeBases:demo"] = file,
            ["Assistant:ConfidenceThreshold"] = "0.6",
            ["Assistant:UnknownAnswer"] = "Let me ask a colleague.",
        });
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<EmbeddedAnswerEngine>();

        Assert.Equal("Only on Tuesdays.", engine.Respond("demo", "do you sell hats?").Text);
        Assert.Equal(new Answer("Let me ask a colleague.", 0, Known: false, SourceId: null), engine.Respond("demo", "do you accept paypal"));
        await host.StopAsync();
    }

    private IHost Build(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _contentRoot.Path,
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddEmbeddedAssistant();
        return builder.Build();
    }
}

using System.Text.Json;
using BotHost.Assistant;
using BotHost.Assistant.Llm;
using Handover.Assistant;

namespace BotHost.Tests.Assistant.Llm;

/// <summary>The LLM backend end to end against a fake OpenAI-compatible server: what it sends, what it makes of the reply.</summary>
public sealed class LlmAnswerEngineTests : IAsyncLifetime
{
    private const string Paypal = "do you accept paypal?";

    private FakeChatCompletionsServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeChatCompletionsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AnswerAsync_Enabled_SendsModelKeyJsonFormatAndASystemPromptWithKnowledgeAndInstructions()
    {
        _server.Answers("Yes, we take PayPal.");
        await using var host = await LlmTestHost.StartAsync(_server, new() { ["Assistant:Llm:Instructions"] = "Always greet the shopper as 'friend'." });

        await host.AskAsync(Paypal);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {LlmTestHost.ApiKey}", request.Authorization);
        Assert.Equal(LlmTestHost.Model, request.Body.GetProperty("model").GetString());
        Assert.Equal("json_object", request.Body.GetProperty("response_format").GetProperty("type").GetString());
        Assert.InRange(request.Body.GetProperty("temperature").GetDouble(), 0, 0.5);
        var messages = request.Body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("system", Role(messages[0]));
        var system = Content(messages[0]);
        Assert.Contains("Never claim or pretend to be a human", system, StringComparison.Ordinal);
        Assert.Contains("\"confident\": boolean", system, StringComparison.Ordinal);
        Assert.Contains("Always greet the shopper as 'friend'.", system, StringComparison.Ordinal);
        Assert.Contains("### payment-methods", system, StringComparison.Ordinal);
        Assert.Contains("We accept **Visa, Mastercard", system, StringComparison.Ordinal);
        Assert.Equal(("user", Paypal), (Role(messages[1]), Content(messages[1])));
    }

    [Fact]
    public async Task AnswerAsync_TopK_LimitsTheKnowledgeInThePromptToTheBestEntries()
    {
        _server.Answers("Yes.");
        await using var host = await LlmTestHost.StartAsync(_server, new() { ["Assistant:Llm:TopK"] = "2" });

        await host.AskAsync("how long does shipping to canada take and what does it cost?");

        var system = Content(_server.Requests[0].Body.GetProperty("messages")[0]);
        Assert.Equal(2, system.Split("\n### ").Length - 1);
    }

    [Fact]
    public async Task AnswerAsync_History_ShopperAsUserAiAsAssistantHumanAgentAndNoticesAsLabelledAssistant()
    {
        _server.Answers("It takes 3-5 business days.");
        await using var host = await LlmTestHost.StartAsync(_server);

        await host.AskAsync(
            "and how long does shipping take?",
            new ContextTurn("shopper", "hi, is my order shipped?"),
            new ContextTurn("ai", "I can't see orders."),
            new ContextTurn("system", "Connecting you with a colleague."),
            new ContextTurn("human", "Hi, I'm Alice. It left today."));

        var messages = _server.Requests[0].Body.GetProperty("messages").EnumerateArray().Skip(1).Select(m => (Role(m), Content(m))).ToList();
        Assert.Equal(
            [
                ("user", "hi, is my order shipped?"),
                ("assistant", "I can't see orders."),
                ("assistant", "[Chat notice] Connecting you with a colleague."),
                ("assistant", "[Human agent] Hi, I'm Alice. It left today."),
                ("user", "and how long does shipping take?"),
            ],
            messages);
    }

    [Fact]
    public async Task AnswerAsync_ConfidentReply_IsKnownWithTheModelsTextAndTheRetrievalConfidence()
    {
        _server.Answers("Yes, PayPal works at checkout.");
        await using var host = await LlmTestHost.StartAsync(_server);

        var answer = await host.AskAsync(Paypal);

        var embedded = DemoKnowledgeBase.Engine().Respond("demo", Paypal);
        Assert.Equal(new Answer("Yes, PayPal works at checkout.", embedded.Confidence, Known: true, "payment-methods"), answer);
        Assert.Null(answer.HandoverReason);
        Assert.Same(host.Engine, host.Services.GetService(typeof(LlmAnswerEngine)));
    }

    [Fact]
    public async Task AnswerAsync_NotConfident_IsNotKnownWithTheModelsText()
    {
        _server.Answers("I'm not sure about gift wrapping, sorry.", confident: false);
        await using var host = await LlmTestHost.StartAsync(_server);

        var answer = await host.AskAsync("do you gift wrap?");

        Assert.False(answer.Known);
        Assert.Null(answer.SourceId);
        Assert.Equal("I'm not sure about gift wrapping, sorry.", answer.Text);
    }

    [Fact]
    public async Task AnswerAsync_NotConfidentWithoutText_IsTheConfiguredUnknownAnswer()
    {
        _server.Replies("""{"answer": "", "confident": false, "handover": null}""");
        await using var host = await LlmTestHost.StartAsync(_server, new() { ["Assistant:UnknownAnswer"] = "Let me ask a colleague." });

        var answer = await host.AskAsync("do you gift wrap?");

        Assert.Equal(("Let me ask a colleague.", false), (answer.Text, answer.Known));
    }

    [Fact]
    public async Task AnswerAsync_ModelAsksForHandover_SetsHandoverReasonAndKeepsItsText()
    {
        _server.Answers("I'll connect you with a colleague.", confident: false, handover: "The shopper wants to change a placed order.");
        await using var host = await LlmTestHost.StartAsync(_server);

        var answer = await host.AskAsync("change the address on my order please");

        Assert.Equal("The shopper wants to change a placed order.", answer.HandoverReason);
        Assert.Equal("I'll connect you with a colleague.", answer.Text);
    }

    [Theory]
    [InlineData("Sure! We take PayPal.")]
    [InlineData("""{"answer": "Yes", "confident": "maybe"}""")]
    [InlineData("""{"answer": 42, "confident": true}""")]
    [InlineData("""{"confident": true}""")]
    [InlineData("""{"answer": "Yes", "confident": true""")]
    public async Task AnswerAsync_MalformedModelOutput_FallsBackToTheEmbeddedAnswerAndWarns(string content)
    {
        _server.Replies(content);
        await using var host = await LlmTestHost.StartAsync(_server);

        var answer = await host.AskAsync(Paypal);

        Assert.Equal(DemoKnowledgeBase.Engine().Respond("demo", Paypal), answer);
        Assert.Contains(host.Problems, p => p.Contains("not usable", StringComparison.Ordinal));
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task AnswerAsync_JsonInACodeFence_IsStillRead()
    {
        _server.Replies("```json\n{\"answer\": \"Yes, PayPal.\", \"confident\": true, \"handover\": null}\n```");
        await using var host = await LlmTestHost.StartAsync(_server);

        Assert.Equal("Yes, PayPal.", (await host.AskAsync(Paypal)).Text);
    }

    [Fact]
    public async Task AnswerAsync_GarbageBody_FallsBackWithoutRetrying()
    {
        _server.SendsGarbage();
        await using var host = await LlmTestHost.StartAsync(_server);

        var answer = await host.AskAsync(Paypal);

        Assert.Equal("payment-methods", answer.SourceId);
        Assert.Single(_server.Requests);
        Assert.Contains(host.Problems, p => p.Contains("not a chat completion", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task AnswerAsync_TransientFailureThenAnswer_RetriesOnceAndUsesTheAnswer(int status)
    {
        _server.Fails(status).Answers("Yes, PayPal.");
        await using var host = await LlmTestHost.StartAsync(_server);

        var answer = await host.AskWhileTimePassesAsync(Paypal);

        Assert.Equal("Yes, PayPal.", answer.Text);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(_server.Requests[0].Body.GetRawText(), _server.Requests[1].Body.GetRawText());
        Assert.Contains(host.Problems, p => p.Contains($"answered {status}", StringComparison.Ordinal) && p.Contains("Retrying once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswerAsync_TransientFailureTwice_GivesUpAfterOneRetryAndFallsBack()
    {
        _server.Fails(500).Fails(502).Answers("never asked for");
        await using var host = await LlmTestHost.StartAsync(_server);

        var answer = await host.AskWhileTimePassesAsync(Paypal);

        Assert.Equal(DemoKnowledgeBase.Engine().Respond("demo", Paypal), answer);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Contains(host.Problems, p => p.Contains($"{_server.BaseUrl}/chat/completions answered 502 (Bad Gateway) again: scripted failure 502", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswerAsync_Unauthorized_DoesNotRetryAndFallsBack()
    {
        _server.Fails(401).Answers("never asked for");
        await using var host = await LlmTestHost.StartAsync(_server);

        var answer = await host.AskAsync(Paypal);

        Assert.Equal("payment-methods", answer.SourceId);
        Assert.Single(_server.Requests);
        Assert.Contains(host.Problems, p => p.Contains("answered 401 (Unauthorized): scripted failure 401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswerAsync_ModelTimesOutTwice_FallsBackToTheEmbeddedAnswer()
    {
        _server.Hangs().Hangs();
        await using var host = await LlmTestHost.StartAsync(_server, new() { ["Assistant:Llm:Timeout"] = "00:00:02" });

        var answer = await host.AskWhileTimePassesAsync(Paypal);

        Assert.Equal(DemoKnowledgeBase.Engine().Respond("demo", Paypal), answer);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Contains(host.Problems, p => p.Contains("did not answer within 00:00:02 (2 attempts)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswerAsync_TimeoutThenAnswer_UsesTheRetriedAnswer()
    {
        _server.Hangs().Answers("Yes, PayPal.");
        await using var host = await LlmTestHost.StartAsync(_server, new() { ["Assistant:Llm:Timeout"] = "00:00:02" });

        Assert.Equal("Yes, PayPal.", (await host.AskWhileTimePassesAsync(Paypal)).Text);
    }

    [Fact]
    public async Task AnswerAsync_CallerCancels_ThrowsInsteadOfFallingBack()
    {
        _server.Hangs();
        await using var host = await LlmTestHost.StartAsync(_server);
        using var cancel = new CancellationTokenSource();

        var answer = host.Engine.AnswerAsync(new AnswerRequest("demo", Paypal, []), cancel.Token).AsTask();
        await _server.WaitForRequestsAsync(1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer);
    }

    private static string Role(JsonElement message) => message.GetProperty("role").GetString()!;

    private static string Content(JsonElement message) => message.GetProperty("content").GetString()!;
}

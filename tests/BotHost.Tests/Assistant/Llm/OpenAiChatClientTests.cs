using System.Net;
using System.Text.Json;
using BotHost.Assistant.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.Assistant.Llm;

/// <summary>The chat client's mapping between Microsoft.Extensions.AI and the chat-completions wire format.</summary>
public sealed class OpenAiChatClientTests : IAsyncLifetime
{
    private FakeChatCompletionsServer _server = null!;
    private LlmTestHost _host = null!;

    private IChatClient Client => _host.Services.GetRequiredKeyedService<IChatClient>(LlmSetup.ChatClientKey);

    public async Task InitializeAsync()
    {
        _server = await FakeChatCompletionsServer.StartAsync();
        _host = await LlmTestHost.StartAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetResponseAsync_Completion_MapsTextRoleIdsUsageAndFinishReason()
    {
        _server.Replies("Hello!", finishReason: "length");

        var response = await Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal("Hello!", response.Text);
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(("chatcmpl-test", "fake-model-2026"), (response.ResponseId, response.ModelId));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_790_000_000), response.CreatedAt);
        Assert.Equal((120L, 30L, 150L), (response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, response.Usage?.TotalTokenCount));
    }

    [Fact]
    public async Task GetResponseAsync_Options_AreSentAsTheirWireFields()
    {
        _server.Replies("{}");
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}}}""");

        await Client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "hi") { AuthorName = "sam" }, new ChatMessage(ChatRole.Assistant, "hello")],
            new ChatOptions
            {
                Instructions = "Be brief.",
                ModelId = "other-model",
                Temperature = 0.5f,
                MaxOutputTokens = 100,
                TopP = 0.9f,
                Seed = 7,
                StopSequences = ["END"],
                ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "reply", "The reply."),
            });

        var body = Assert.Single(_server.Requests).Body;
        Assert.Equal("other-model", body.GetProperty("model").GetString());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(100, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal(7, body.GetProperty("seed").GetInt64());
        Assert.Equal("END", body.GetProperty("stop")[0].GetString());
        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("reply", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.Equal("string", format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties").GetProperty("answer").GetProperty("type").GetString());
        var messages = body.GetProperty("messages");
        Assert.Equal(("system", "Be brief."), (messages[0].GetProperty("role").GetString(), messages[0].GetProperty("content").GetString()));
        Assert.Equal("sam", messages[1].GetProperty("name").GetString());
        Assert.Equal("assistant", messages[2].GetProperty("role").GetString());
        Assert.False(messages[2].TryGetProperty("name", out _));
    }

    [Fact]
    public async Task GetResponseAsync_NoOptions_SendsTheConfiguredModelAndNoOptionalFields()
    {
        _server.Replies("ok");

        await Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        var body = Assert.Single(_server.Requests).Body;
        Assert.Equal(["model", "messages"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(LlmTestHost.Model, body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task GetResponseAsync_ServerErrorsTwice_ThrowsNamingTheEndpointStatusAndError()
    {
        _server.Fails(500).Fails(500, retryAfter: "2");

        var error = await Assert.ThrowsAsync<ChatCompletionException>(() =>
            _host.WhileTimePassesAsync(Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")])));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal($"The chat-completions endpoint {_server.BaseUrl}/chat/completions answered 500 (Internal Server Error) again: scripted failure 500", error.Message);
    }

    [Fact]
    public async Task GetResponseAsync_ImageContent_IsNotSupported()
    {
        var message = new ChatMessage(ChatRole.User, [new TextContent("look"), new DataContent(new byte[] { 1 }, "image/png")]);

        await Assert.ThrowsAsync<NotSupportedException>(() => Client.GetResponseAsync([message]));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void GetStreamingResponseAsync_IsNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]));
    }

    [Fact]
    public void GetService_Metadata_NamesTheEndpointAndModel()
    {
        var metadata = Client.GetService<ChatClientMetadata>();

        Assert.Equal(new Uri($"{_server.BaseUrl}/chat/completions"), metadata?.ProviderUri);
        Assert.Equal(LlmTestHost.Model, metadata?.DefaultModelId);
    }
}

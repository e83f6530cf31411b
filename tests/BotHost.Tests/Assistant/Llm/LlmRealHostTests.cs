using System.Net.Http.Json;
using System.Text.Json;
using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.Assistant.Llm;

/// <summary>The real host with Assistant:Llm:Enabled: a shopper's message is answered by the model.</summary>
public sealed class LlmRealHostTests
{
    [Fact]
    public async Task ShopperMessage_LlmEnabled_IsAnsweredByTheModelFromTheKnowledgeBase()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Answers("Yes, we take PayPal (answered by the model).");
        await using var app = await TestApp.StartAsync(settings: new()
        {
            ["Assistant:Llm:Enabled"] = "true",
            ["Assistant:Llm:BaseUrl"] = server.BaseUrl,
            ["Assistant:Llm:Model"] = "fake-model",
            ["Assistant:Llm:ApiKey"] = "sk-host",
        });

        var result = await app.ShopperSaysAsync("llm-1", "Do you accept PayPal?");

        var request = Assert.Single(server.Requests);
        Assert.Contains("### payment-methods", request.Body.GetProperty("messages")[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        using var alice = app.Client("alice");
        var conversation = await alice.GetFromJsonAsync<JsonElement>($"/api/conversations/{result.ConversationId}");
        var reply = conversation.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "ai");
        Assert.Equal("Yes, we take PayPal (answered by the model).", reply.GetProperty("text").GetString());
    }
}

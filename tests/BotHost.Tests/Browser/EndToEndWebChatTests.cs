using System.Net.Http.Json;
using System.Text.Json;
using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.Browser;

/// <summary>
/// The whole product path in a real browser: the official Web Chat on the demo page talks Direct Line to the real
/// host; the AI answers from the demo knowledge base; an agent takes over through the agent API and replies.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EndToEndWebChatTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task WebChat_ShopperAsks_AiAnswersThenAgentRepliesWithName()
    {
        await using var app = await TestApp.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var page = await WebChatPage.OpenAsync(context, app.BaseAddress);
        await page.OpenChatAsync();
        await page.WaitForSendBoxAsync();

        await page.SendAsync("How long does standard shipping take?");
        await page.WaitForUserMessageAsync("How long does standard shipping take?");
        var answer = await page.WaitForBotMessageAsync("business days");
        Assert.Contains("business days", answer, StringComparison.OrdinalIgnoreCase);

        var alice = app.Client("alice");
        var conversations = JsonDocument.Parse(await alice.GetStringAsync("/api/conversations?view=ai&channel=webchat")).RootElement;
        var conversation = Assert.Single(conversations.EnumerateArray());
        var id = conversation.GetProperty("id").GetString();
        Assert.Equal("http", new Uri(JsonDocument.Parse(await alice.GetStringAsync($"/api/conversations/{id}")).RootElement.GetProperty("startedOnPage").GetString()!).Scheme);

        (await alice.PostAsync($"/api/conversations/{id}/hand-over", null)).EnsureSuccessStatusCode();
        // Web Chat renders Markdown with typographic quotes, so match the part without the apostrophe.
        Assert.Contains("Alice ready to assist you", await page.WaitForBotMessageAsync("Alice ready to assist you"), StringComparison.Ordinal);
        (await alice.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = "Hi! Express shipping is 1-2 days." })).EnsureSuccessStatusCode();

        var reply = await page.WaitForBotMessageAsync("Express shipping is 1-2 days");
        Assert.Contains("Alice", reply, StringComparison.Ordinal);
        Assert.Empty(page.PageErrors);
    }
}

using BotHost.WebChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Playwright;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotHost.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ShopperPageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task ShopperPage_TokenEndpointFails_LoadsWebChatAndShowsError()
    {
        var tokenCalls = 0;
        await using var host = await ShopTestHost.StartAsync(app => app.MapPost("/api/webchat/token", () =>
        {
            Interlocked.Increment(ref tokenCalls);
            return Results.Problem("token service down", statusCode: StatusCodes.Status503ServiceUnavailable);
        }));
        await using var context = await chromium.NewContextAsync();

        var page = await WebChatPage.OpenAsync(context, host.BaseAddress);

        Assert.Equal("Northwind Threads", await page.Page.TitleAsync());
        Assert.True(await page.Page.EvaluateAsync<bool>("() => typeof window.WebChat?.renderWebChat === 'function'"));
        await Assertions.Expect(page.ErrorMessage).ToBeVisibleAsync();
        await Assertions.Expect(page.ErrorMessage).ToContainTextAsync("not available");
        Assert.Equal(1, tokenCalls);
        Assert.Equal(0, await page.SendBox.CountAsync());
        AssertNoScriptOrPolicyErrors(page);
    }

    [Fact]
    public async Task ShopperPage_ServedWithPolicy_WebChatBundleIsStaticFile()
    {
        await using var host = await ShopTestHost.StartAsync(_ => { });
        await using var context = await chromium.NewContextAsync();

        var page = await context.APIRequest.GetAsync(new Uri(host.BaseAddress, "/").ToString());
        var bundle = await context.APIRequest.GetAsync(new Uri(host.BaseAddress, "/lib/webchat.js").ToString());

        Assert.Equal(200, page.Status);
        Assert.Equal(ShopperPage.ContentSecurityPolicy, page.Headers["content-security-policy"]);
        Assert.Equal(200, bundle.Status);
        Assert.StartsWith("text/javascript", bundle.Headers["content-type"], StringComparison.Ordinal);
        Assert.True((await bundle.BodyAsync()).Length > 1_000_000);
    }

    [Fact]
    public async Task ShopperPage_ShopperSendsMessage_BotReplyAppearsInTranscript()
    {
        var directLine = new StubDirectLine();
        await using var host = await ShopTestHost.StartAsync(app => MapTokenAndDirectLine(app, directLine));
        await using var context = await chromium.NewContextAsync();
        var page = await WebChatPage.OpenAsync(context, host.BaseAddress);

        await page.SendAsync("Do you have the linen shirt in M?");
        var reply = await page.WaitForBotMessageAsync(StubDirectLine.BotReplyPrefix + "Do you have the linen shirt in M?");

        Assert.Contains("You said: Do you have the linen shirt in M?", reply, StringComparison.Ordinal);
        await page.WaitForUserMessageAsync("Do you have the linen shirt in M?");
        var posted = Assert.Single(directLine.ReceivedActivities);
        Assert.Equal("user-1", posted["from"]?["id"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(posted["channelData"]?["clientActivityID"]?.GetValue<string>()));
        Assert.Contains("POST /v3/directline/conversations", directLine.Requests);
        AssertNoScriptOrPolicyErrors(page);
    }

    [Fact]
    public async Task ShopperPage_Reload_ResumesSameConversationWithRefreshedToken()
    {
        var directLine = new StubDirectLine();
        var tokenCalls = 0;
        await using var host = await ShopTestHost.StartAsync(app =>
        {
            app.Use((context, next) =>
            {
                if (context.Request.Path == "/api/webchat/token")
                {
                    Interlocked.Increment(ref tokenCalls);
                }

                return next(context);
            });
            MapTokenAndDirectLine(app, directLine);
        });
        await using var context = await chromium.NewContextAsync();
        var page = await WebChatPage.OpenAsync(context, host.BaseAddress);
        await page.SendAsync("first message");
        await page.WaitForBotMessageAsync("You said: first message");
        var before = JsonDocument.Parse((await page.SavedSessionJsonAsync())!).RootElement;

        await page.ReloadAsync();
        await page.WaitForBotMessageAsync("You said: first message");

        var after = JsonDocument.Parse((await page.SavedSessionJsonAsync())!).RootElement;
        Assert.Equal(1, tokenCalls);
        Assert.Equal(1, directLine.ConversationCount);
        Assert.Equal(before.GetProperty("conversationId").GetString(), after.GetProperty("conversationId").GetString());
        Assert.NotEqual(before.GetProperty("token").GetString(), after.GetProperty("token").GetString());
        Assert.Contains("POST /v3/directline/tokens/refresh", directLine.Requests);
        Assert.Contains($"GET /v3/directline/conversations/{after.GetProperty("conversationId").GetString()}", directLine.Requests);
        await page.SendAsync("second message");
        await page.WaitForBotMessageAsync("You said: second message");
        AssertNoScriptOrPolicyErrors(page);
    }

    [Fact]
    public async Task ShopperPage_SavedTokenRejected_StartsNewConversation()
    {
        var directLine = new StubDirectLine();
        await using var host = await ShopTestHost.StartAsync(app => MapTokenAndDirectLine(app, directLine));
        await using var context = await chromium.NewContextAsync();
        await context.AddInitScriptAsync("""
            sessionStorage.setItem('northwind-threads.webchat', JSON.stringify({
              token: 'expired', conversationId: 'conv-gone', userId: 'user-1', domain: location.origin + '/v3/directline' }));
            """);

        var page = await WebChatPage.OpenAsync(context, host.BaseAddress);
        await page.SendAsync("hello again");
        await page.WaitForBotMessageAsync("You said: hello again");

        Assert.Equal(1, directLine.ConversationCount);
        Assert.Contains("POST /v3/directline/tokens/refresh", directLine.Requests);
        Assert.Contains("POST /v3/directline/conversations", directLine.Requests);
        await Assertions.Expect(page.ErrorMessage).ToBeHiddenAsync();
        AssertNoScriptOrPolicyErrors(page);
    }

    [Fact]
    public async Task ShopperPage_PhoneWidth_StartsMinimisedAndConnectsWhenOpened()
    {
        var directLine = new StubDirectLine();
        await using var host = await ShopTestHost.StartAsync(app => MapTokenAndDirectLine(app, directLine));
        await using var context = await chromium.NewContextAsync(width: 390, height: 844);
        var page = await WebChatPage.OpenAsync(context, host.BaseAddress);

        await Assertions.Expect(page.Launcher).ToBeVisibleAsync();
        await Assertions.Expect(page.ChatPanel).ToBeHiddenAsync();
        Assert.Equal(0, directLine.ConversationCount);

        await page.SendAsync("hi from my phone");
        await page.WaitForBotMessageAsync("You said: hi from my phone");

        var panel = await page.ChatPanel.BoundingBoxAsync();
        Assert.NotNull(panel);
        Assert.Equal(390, panel.Width, 1);
        AssertNoScriptOrPolicyErrors(page);
    }

    [Fact]
    public async Task ShopperPage_BotSendsAdaptiveCard_ShopperSubmitsFormValue()
    {
        var directLine = new StubDirectLine(text => text == "talk to a person" ? ContactCard() : new JsonObject { ["text"] = "?" });
        await using var host = await ShopTestHost.StartAsync(app => MapTokenAndDirectLine(app, directLine));
        await using var context = await chromium.NewContextAsync();
        var page = await WebChatPage.OpenAsync(context, host.BaseAddress);

        await page.SendAsync("talk to a person");
        await page.WaitForBotMessageAsync("Leave your email");
        await page.FillCardInputAsync("Email", "shopper@example.com");
        await page.ClickCardActionAsync("Send to an agent");

        var submitted = await directLine.WaitForReceivedAsync(a => a["value"] is not null, WebChatPage.DefaultTimeout);
        Assert.Equal("shopper@example.com", submitted["value"]?["email"]?.GetValue<string>());
        Assert.Equal("contact", submitted["value"]?["form"]?.GetValue<string>());
        AssertNoScriptOrPolicyErrors(page);
    }

    private static JsonObject ContactCard() => new()
    {
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["content"] = JsonNode.Parse("""
                {
                  "type": "AdaptiveCard", "version": "1.5",
                  "body": [
                    { "type": "Image", "url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "altText": "logo" },
                    { "type": "TextBlock", "text": "Leave your email and a person will get back to you.", "wrap": true },
                    { "type": "Input.Text", "id": "email", "label": "Email", "style": "email" }
                  ],
                  "actions": [ { "type": "Action.Submit", "title": "Send to an agent", "data": { "form": "contact" } } ]
                }
                """),
        }),
    };

    /// <summary>What BotHost's token endpoint does, reduced to the stub: a conversation and a token bound to it.</summary>
    private static void MapTokenAndDirectLine(WebApplication app, StubDirectLine directLine)
    {
        app.MapPost("/api/webchat/token", (HttpRequest request) =>
        {
            var (conversationId, token) = directLine.StartConversation();
            return Results.Ok(new
            {
                token,
                conversationId,
                userId = "user-1",
                domain = $"{request.Scheme}://{request.Host}/v3/directline",
            });
        });
        directLine.Map(app);
    }

    private static void AssertNoScriptOrPolicyErrors(WebChatPage page)
    {
        Assert.Empty(page.PageErrors);
        var violations = page.ConsoleErrors.Where(e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

using Microsoft.Playwright;

namespace BotHost.Tests.Browser;

/// <summary>
/// The shopper page (wwwroot/index.html) with Bot Framework Web Chat 4.18, seen the way a shopper uses it.
/// Selectors are Web Chat's own: the send box is the textarea with data-id="webchat-sendbox-input", every
/// transcript entry is a .webchat__basic-transcript__activity and a user's bubble is .webchat__bubble--from-user.
/// </summary>
public sealed class WebChatPage
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private const string SendBoxSelector = "[data-id='webchat-sendbox-input']";
    private const string ActivitySelector = ".webchat__basic-transcript__activity";
    private const string UserBubbleSelector = ".webchat__bubble--from-user";

    private readonly PageProblems problems;

    private WebChatPage(IPage page)
    {
        Page = page;
        problems = new PageProblems(page);
    }

    public IPage Page { get; }

    /// <summary>Console errors so far, e.g. "Refused to ..." for a Content-Security-Policy violation.</summary>
    public IReadOnlyList<string> ConsoleErrors => problems.ConsoleErrors;

    /// <summary>Uncaught script exceptions so far.</summary>
    public IReadOnlyList<string> PageErrors => problems.PageErrors;

    /// <summary>The visible message the page shows when the chat cannot start.</summary>
    public ILocator ErrorMessage => Page.Locator("#chat-error");

    public ILocator ChatPanel => Page.Locator("#chat");

    public ILocator Launcher => Page.Locator("#chat-launcher");

    public ILocator SendBox => Page.Locator(SendBoxSelector);

    /// <summary>Every transcript entry, user's and bot's, oldest first.</summary>
    public ILocator Activities => Page.Locator(ActivitySelector);

    public ILocator BotMessages => Activities.Filter(new LocatorFilterOptions { HasNot = Page.Locator(UserBubbleSelector) });

    public ILocator UserMessages => Activities.Filter(new LocatorFilterOptions { Has = Page.Locator(UserBubbleSelector) });

    /// <summary>Opens the page in a new tab of <paramref name="context"/> and waits until its scripts have run.</summary>
    public static async Task<WebChatPage> OpenAsync(IBrowserContext context, Uri baseAddress, string path = "/")
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)DefaultTimeout.TotalMilliseconds);
        var webChatPage = new WebChatPage(page);
        await page.GotoAsync(new Uri(baseAddress, path).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return webChatPage;
    }

    public async Task ReloadAsync() =>
        await Page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Load });

    /// <summary>Opens the chat panel if it is minimised (phones start that way).</summary>
    public async Task OpenChatAsync()
    {
        if (await Launcher.IsVisibleAsync())
        {
            await Launcher.ClickAsync();
        }

        await ChatPanel.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
    }

    /// <summary>Waits until Web Chat has rendered its send box and accepts input.</summary>
    public async Task WaitForSendBoxAsync(TimeSpan? timeout = null) =>
        await Assertions.Expect(SendBox).ToBeEditableAsync(new LocatorAssertionsToBeEditableOptions { Timeout = Milliseconds(timeout) });

    /// <summary>Types <paramref name="text"/> into Web Chat's send box and presses Enter, as a shopper would.</summary>
    public async Task SendAsync(string text)
    {
        await OpenChatAsync();
        await WaitForSendBoxAsync();
        await SendBox.FillAsync(text);
        await SendBox.PressAsync("Enter");
    }

    /// <summary>Waits for a bot message containing <paramref name="text"/> and returns its full text.</summary>
    public async Task<string> WaitForBotMessageAsync(string text, TimeSpan? timeout = null)
    {
        var message = BotMessages.Filter(new LocatorFilterOptions { HasText = text }).Last;
        await message.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = Milliseconds(timeout) });
        return (await message.InnerTextAsync()).Trim();
    }

    /// <summary>Waits for the shopper's own message containing <paramref name="text"/> in the transcript.</summary>
    public async Task WaitForUserMessageAsync(string text, TimeSpan? timeout = null) =>
        await UserMessages.Filter(new LocatorFilterOptions { HasText = text }).Last
            .WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = Milliseconds(timeout) });

    /// <summary>Fills the input labelled <paramref name="label"/> in the newest Adaptive Card from the bot.</summary>
    public async Task FillCardInputAsync(string label, string value) =>
        await BotMessages.Last.GetByLabel(label, new LocatorGetByLabelOptions { Exact = true }).FillAsync(value);

    /// <summary>Clicks the action button titled <paramref name="title"/> (e.g. an Action.Submit) in the newest Adaptive Card.</summary>
    public async Task ClickCardActionAsync(string title) =>
        await BotMessages.Last.Locator(".ac-pushButton", new LocatorLocatorOptions { HasText = title }).ClickAsync();

    /// <summary>Web Chat's session for this tab as demo.js keeps it (token, conversationId, userId, domain), or null.</summary>
    public async Task<string?> SavedSessionJsonAsync() =>
        await Page.EvaluateAsync<string?>("() => sessionStorage.getItem('northwind-threads.webchat')");

    private static float Milliseconds(TimeSpan? timeout) => (float)(timeout ?? DefaultTimeout).TotalMilliseconds;
}

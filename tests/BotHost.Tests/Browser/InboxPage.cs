using Microsoft.Playwright;

namespace BotHost.Tests.Browser;

/// <summary>
/// The agent inbox (/inbox) as an agent uses it: sign in at /login, pick a tab, open a conversation, press the header
/// buttons, write in the reply box. Waits are on what the page shows, with <see cref="DefaultTimeout"/> (the build
/// machines are small and busy). Console errors (CSP violations among them), uncaught exceptions and JavaScript
/// dialogs are recorded.
/// </summary>
public sealed class InboxPage
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly PageProblems problems;

    static InboxPage() => Assertions.SetDefaultExpectTimeout((float)DefaultTimeout.TotalMilliseconds);

    private InboxPage(IPage page, Uri baseAddress)
    {
        Page = page;
        BaseAddress = baseAddress;
        page.SetDefaultTimeout((float)DefaultTimeout.TotalMilliseconds);
        problems = new PageProblems(page);
    }

    public IPage Page { get; }

    /// <summary>Console errors so far, e.g. "Refused to ..." for a Content-Security-Policy violation.</summary>
    public IReadOnlyList<string> ConsoleErrors => problems.ConsoleErrors;

    public IReadOnlyList<string> PageErrors => problems.PageErrors;

    /// <summary>alert/confirm/prompt dialogs a script opened (none ever should).</summary>
    public IReadOnlyList<string> Dialogs => problems.Dialogs;

    public Uri BaseAddress { get; }

    public ILocator Rows => Page.Locator("#conversation-list .row");

    public ILocator Transcript => Page.Locator("#transcript");

    public ILocator Messages => Page.Locator("#transcript .msg");

    public ILocator Notes => Page.Locator("#transcript .msg--note");

    public ILocator Banner => Page.Locator("#human-banner");

    public ILocator Composer => Page.Locator("#composer");

    public ILocator ReplyBox => Page.Locator("#reply");

    public ILocator InternalToggle => Page.Locator("#internal");

    public ILocator Error => Page.Locator("#conv-error");

    public ILocator State => Page.Locator("#conv-state");

    public ILocator Title => Page.Locator("#conv-title");

    public ILocator Toasts => Page.Locator("#toasts .toast");

    public ILocator Sidebar => Page.Locator("#sidebar");

    public ILocator OnlineAgents => Page.Locator("#online-agents");

    public ILocator HandOverButton => Page.Locator("#act-handover");

    public ILocator ClaimButton => Page.Locator("#act-claim");

    public ILocator GiveBackButton => Page.Locator("#act-giveback");

    public ILocator ResolveButton => Page.Locator("#act-resolve");

    public ILocator TransferButton => Page.Locator("#act-transfer");

    public ILocator TakeOverButton => Page.Locator("#act-takeover");

    public ILocator UpgradeDialog => Page.Locator("#upgrade-dialog");

    /// <summary>Opens /login in a new tab of <paramref name="context"/>, signs in, and waits for the inbox to be live.</summary>
    public static async Task<InboxPage> SignInAsync(IBrowserContext context, Uri baseAddress, string user, string password = "demo")
    {
        var page = new InboxPage(await context.NewPageAsync(), baseAddress);
        await page.Page.GotoAsync(new Uri(baseAddress, "/login").ToString());
        await page.Page.Locator("#username").FillAsync(user);
        await page.Page.Locator("#password").FillAsync(password);
        await page.Page.Locator("#signin-submit").ClickAsync();
        // The address is polled, not awaited as a navigation: WaitForURL, when the navigation has already happened, waits
        // for a load state that does not come again (a sign-in timed out that way on a busy build machine). What counts
        // is the page's own readiness below.
        await Assertions.Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/inbox([?#].*)?$"));
        await page.WaitForLiveAsync();
        return page;
    }

    /// <summary>Waits until the page has its session and the hub connection is up (live updates flow from then on).</summary>
    public async Task WaitForLiveAsync() =>
        await Assertions.Expect(Page.Locator("body[data-live='on']")).ToHaveCountAsync(1);

    public ILocator Tab(string tab) => Page.Locator($"[role=tab][data-tab='{tab}']");

    public ILocator Count(string tab) => Page.Locator($"[data-count='{tab}']");

    public ILocator Row(string conversationId) => Page.Locator($"#conversation-list .row[data-id='{conversationId}']");

    public ILocator Badge(string conversationId) => Row(conversationId).Locator(".badge");

    public async Task SelectTabAsync(string tab)
    {
        await Tab(tab).ClickAsync();
        await Assertions.Expect(Tab(tab)).ToHaveAttributeAsync("aria-selected", "true");
    }

    /// <summary>Clicks the row and waits until the conversation view shows it.</summary>
    public async Task OpenAsync(string conversationId)
    {
        await Row(conversationId).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/inbox/conversations/{System.Text.RegularExpressions.Regex.Escape(conversationId)}([?#].*)?$"));
        await Assertions.Expect(Transcript).ToHaveAttributeAsync("data-conversation", conversationId);
    }

    /// <summary>Waits until the open conversation is in <paramref name="controller"/> (ai, waiting, human) and <paramref name="status"/>.</summary>
    public async Task WaitForStateAsync(string controller, string status = "open")
    {
        await Assertions.Expect(Page.Locator("#conversation")).ToHaveAttributeAsync("data-controller", controller);
        await Assertions.Expect(Page.Locator("#conversation")).ToHaveAttributeAsync("data-status", status);
    }

    /// <summary>Types into the reply box and presses Enter, as an agent would.</summary>
    public async Task ReplyAsync(string text)
    {
        await ReplyBox.FillAsync(text);
        await ReplyBox.PressAsync("Enter");
        await Assertions.Expect(Page.Locator("#transcript .msg[data-role='human']").Filter(new LocatorFilterOptions { HasText = text })).ToHaveCountAsync(1);
    }

    public async Task TransferAsync(string toAgentName, string note)
    {
        await TransferButton.ClickAsync();
        var dialog = Page.Locator("#transfer-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel(toAgentName).CheckAsync();
        await Page.Locator("#transfer-note").FillAsync(note);
        await Page.Locator("#transfer-confirm").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
    }

    /// <summary>Saves a screenshot of the page to docs/screenshots/<paramref name="name"/>.png when BOT_UPDATE_SCREENSHOTS=1.</summary>
    public Task ScreenshotForDocsAsync(string name) => DocsScreenshots.SaveAsync(Page, name);
}

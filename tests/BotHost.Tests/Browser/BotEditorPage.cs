using Microsoft.Playwright;

namespace BotHost.Tests.Browser;

/// <summary>
/// The bot settings editor (/admin/bots/{botId}) as an admin uses it: fields found by their label or by the settings
/// path they edit (<c>actions[5].duration</c>), the messages next to them, the draft status, Publish, the AI switch
/// and the dry-run panel. Console errors, script errors and dialogs are recorded.
/// </summary>
public sealed class BotEditorPage
{
    private readonly PageProblems problems;

    private BotEditorPage(IPage page)
    {
        Page = page;
        page.SetDefaultTimeout((float)InboxPage.DefaultTimeout.TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)InboxPage.DefaultTimeout.TotalMilliseconds);
        problems = new PageProblems(page);
    }

    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleErrors => problems.ConsoleErrors;

    public IReadOnlyList<string> PageErrors => problems.PageErrors;

    public IReadOnlyList<string> Dialogs => problems.Dialogs;

    public ILocator Status => Page.Locator("#draft-status");

    public ILocator Summary => Page.Locator("#summary");

    public ILocator PublishButton => Page.Locator("#publish");

    public ILocator DiscardButton => Page.Locator("#discard");

    public ILocator FailedAttemptLimit => Page.GetByLabel("Failed attempts before a handover");

    public ILocator Actions => Page.Locator("#actions > li");

    public ILocator AddActionButton => Page.Locator("#add-action");

    public ILocator AiSwitch => Page.GetByRole(AriaRole.Switch, new PageGetByRoleOptions { Name = "AI agent published" });

    public ILocator AiStatus => Page.Locator("#ai-status");

    public ILocator DryRunTranscript => Page.Locator("#dry-run-transcript");

    public ILocator DryRunTurns => Page.Locator("#dry-run-turns > li");

    /// <summary>The input that edits <paramref name="path"/> of the settings document.</summary>
    public ILocator Field(string path) => Page.Locator($"[data-path=\"{path}\"]");

    /// <summary>Where the message about <paramref name="path"/> shows.</summary>
    public ILocator ErrorFor(string path) => Page.Locator($"[data-error-for=\"{path}\"]");

    /// <summary>Signs in at /login as <paramref name="user"/> and lands on the bot's editor, ready to edit.</summary>
    public static async Task<BotEditorPage> SignInAsync(IBrowserContext context, Uri baseAddress, string botId, string user = "admin", string password = "demo")
    {
        var editor = new BotEditorPage(await context.NewPageAsync());
        var path = $"/admin/bots/{botId}";
        await editor.Page.GotoAsync(new Uri(baseAddress, $"/login?returnUrl={Uri.EscapeDataString(path)}").ToString());
        await editor.Page.Locator("#username").FillAsync(user);
        await editor.Page.Locator("#password").FillAsync(password);
        await editor.Page.Locator("#signin-submit").ClickAsync();
        // Polled, not awaited as a navigation (see InboxPage.SignInAsync).
        await Assertions.Expect(editor.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{System.Text.RegularExpressions.Regex.Escape(path)}([?#].*)?$"));
        await editor.WaitUntilReadyAsync();
        return editor;
    }

    /// <summary>Waits until the page has loaded the settings and the draft into the form.</summary>
    public Task WaitUntilReadyAsync() => Assertions.Expect(Page.Locator("body[data-ready='true']")).ToHaveCountAsync(1);

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Commit });
        await WaitUntilReadyAsync();
    }

    /// <summary>Adds an action of <paramref name="type"/> (assign, pause ...) at the end of the list.</summary>
    public async Task AddActionAsync(string type)
    {
        var before = await Actions.CountAsync();
        await Page.Locator("#new-action-type").SelectOptionAsync(type);
        await AddActionButton.ClickAsync();
        await Assertions.Expect(Actions).ToHaveCountAsync(before + 1);
    }

    /// <summary>Waits until the form's last change is saved as a draft that has no problems.</summary>
    public async Task WaitForCleanDraftAsync()
    {
        await Assertions.Expect(Status).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Draft saved at .+, not published\.$"));
        await Assertions.Expect(Summary).ToBeHiddenAsync();
    }
}

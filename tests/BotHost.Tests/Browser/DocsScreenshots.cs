using Microsoft.Playwright;

namespace BotHost.Tests.Browser;

/// <summary>The README's screenshots come from the browser tests: set BOT_UPDATE_SCREENSHOTS=1 to write them to docs/screenshots/.</summary>
public static class DocsScreenshots
{
    public static async Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
        if (Environment.GetEnvironmentVariable("BOT_UPDATE_SCREENSHOTS") != "1")
        {
            return;
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Bot.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("BOT_UPDATE_SCREENSHOTS=1 but Bot.sln was not found above the test output.");
        }

        var folder = Directory.CreateDirectory(Path.Combine(root.FullName, "docs", "screenshots"));
        if (fullPage)
        {
            // Sticky headers are drawn where the page is scrolled to: from the top they sit where they belong.
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder.FullName, name + ".png"), FullPage = fullPage });
    }
}

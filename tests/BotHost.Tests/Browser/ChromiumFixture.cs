using Microsoft.Playwright;

namespace BotHost.Tests.Browser;

/// <summary>
/// One headless Chromium per test collection: the system browser (Playwright's own browser downloads
/// are not used), driven by the Node driver that ships in the Microsoft.Playwright package
/// (copied to the test output as .playwright/). Each test takes a fresh context.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Overrides <see cref="DefaultExecutablePath"/>, e.g. on a machine with Chrome elsewhere.</summary>
    public const string ExecutablePathVariable = "BOT_CHROMIUM_PATH";

    public const string DefaultExecutablePath = "/usr/bin/chromium";

    // The build machines have no internet: switch off everything that phones home or waits for it.
    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not launched yet.");

    public async Task InitializeAsync()
    {
        var executablePath = Environment.GetEnvironmentVariable(ExecutablePathVariable) is { Length: > 0 } configured
            ? configured
            : DefaultExecutablePath;
        if (!File.Exists(executablePath))
        {
            throw new InvalidOperationException(
                $"Browser tests need Chromium at {executablePath} (apt-get install chromium), or set {ExecutablePathVariable}.");
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executablePath,
            Headless = true,
            Args = LaunchArgs,
        });
    }

    /// <summary>A fresh, isolated context (own cookies and storage) for one test.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 720) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Browser";
}

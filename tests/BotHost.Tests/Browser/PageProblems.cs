using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace BotHost.Tests.Browser;

/// <summary>
/// What went wrong in a page while a test drove it: console errors (e.g. "Refused to ..." for a
/// Content-Security-Policy violation), uncaught script exceptions, and alert/confirm/prompt dialogs (dismissed).
/// </summary>
public sealed class PageProblems
{
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();
    private readonly ConcurrentQueue<string> _dialogs = new();

    public PageProblems(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                _consoleErrors.Enqueue(message.Text);
        };
        page.PageError += (_, error) => _pageErrors.Enqueue(error);
        page.Dialog += async (_, dialog) =>
        {
            _dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
    }

    public IReadOnlyList<string> ConsoleErrors => [.. _consoleErrors];

    public IReadOnlyList<string> PageErrors => [.. _pageErrors];

    public IReadOnlyList<string> Dialogs => [.. _dialogs];
}

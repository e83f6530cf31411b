using System.Text.Json;
using BotHost.Tests.Infrastructure;
using Microsoft.Playwright;
using Testing;

namespace BotHost.Tests.Browser;

/// <summary>
/// The bot settings editor in a real browser on the real host, starting from the annotated demo bot file: edit, see the
/// server's message next to the field, fix it, find the draft again after a reload, publish, switch the AI, add a
/// scenario and dry-run the draft, discard it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BotEditorTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Editor_EditFixReloadPublishSwitchAiDryRunDiscard_NoConsoleErrors()
    {
        using var folder = new TempDirectory();
        var bots = Directory.CreateDirectory(Path.Combine(folder.Path, "bots")).FullName;
        var file = Path.Combine(bots, "demo.yaml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "config", "bots", "demo.yaml"), file);
        await using var app = await TestApp.StartAsync(settings: new() { ["BotFiles:ConfigDirectory"] = bots });
        await using var context = await chromium.NewContextAsync(1280, 900);
        var editor = await BotEditorPage.SignInAsync(context, app.BaseAddress, "demo");
        await Assertions.Expect(editor.Actions).ToHaveCountAsync(5);
        await Assertions.Expect(editor.PublishButton).ToBeDisabledAsync();

        // A change and a sixth action (the most a bot may have: Add is then off); a bad duration is named at its field.
        await editor.FailedAttemptLimit.FillAsync("3");
        await editor.AddActionAsync("pause");
        await Assertions.Expect(editor.AddActionButton).ToBeDisabledAsync();
        await editor.Field("actions[5].duration").FillAsync("soon");
        await Assertions.Expect(editor.ErrorFor("actions[5].duration")).ToHaveTextAsync("must be a duration such as 30m or 2h (found 'soon')");
        await Assertions.Expect(editor.Field("actions[5].duration")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(editor.Summary).ToContainTextAsync("Action 6 · For: must be a duration");
        await DocsScreenshots.SaveAsync(editor.Page, "bot-editor", fullPage: true);
        await editor.Field("actions[5].duration").FillAsync("45m");
        await Assertions.Expect(editor.ErrorFor("actions[5].duration")).ToBeEmptyAsync();
        await editor.WaitForCleanDraftAsync();

        // The draft is the server's: a reload brings it back, and says it is not published.
        await editor.ReloadAsync();
        await Assertions.Expect(editor.FailedAttemptLimit).ToHaveValueAsync("3");
        await Assertions.Expect(editor.Actions).ToHaveCountAsync(6);
        await Assertions.Expect(editor.Field("actions[5].duration")).ToHaveValueAsync("45m");
        await editor.WaitForCleanDraftAsync();

        // Publish: applied at once and written to the file.
        await editor.PublishButton.ClickAsync();
        await Assertions.Expect(editor.Status).ToContainTextAsync("Published at");
        await Assertions.Expect(editor.PublishButton).ToBeDisabledAsync();
        var settings = await SettingsAsync(app);
        Assert.Equal(3, settings.GetProperty("triggers").GetProperty("failedAttemptLimit").GetInt32());
        var actions = settings.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(6, actions.Count);
        Assert.Equal(("pause", "45m"), (actions[5].GetProperty("type").GetString(), actions[5].GetProperty("duration").GetString()));
        var written = await File.ReadAllTextAsync(file);
        Assert.Contains("failedAttemptLimit: 3", written, StringComparison.Ordinal);
        Assert.Contains("duration: 45m", written, StringComparison.Ordinal);

        // The AI switch acts at once, without Publish.
        await editor.AiSwitch.UncheckAsync();
        await Assertions.Expect(editor.AiStatus).ToContainTextAsync("Unpublished");
        Assert.False((await SettingsAsync(app)).GetProperty("aiPublished").GetBoolean());
        await editor.AiSwitch.CheckAsync();
        await Assertions.Expect(editor.AiStatus).ToContainTextAsync("Published");
        Assert.True((await SettingsAsync(app)).GetProperty("aiPublished").GetBoolean());

        // A new scenario: a frustrated shopper hands over. The dry run tries the draft, per turn, with the six actions in order.
        await editor.Page.Locator("#add-scenario").ClickAsync();
        await editor.Field("scenarios[2].name").FillAsync("Upset shoppers");
        await editor.Page.GetByLabel("Hands over on").Nth(2).SelectOptionAsync("frustration");
        await editor.WaitForCleanDraftAsync();
        await editor.DryRunTranscript.FillAsync("How long does standard shipping take?\nThis is ridiculous, worst service ever, I am furious!!!\nhello?");
        await editor.Page.Locator("#dry-run-start").ClickAsync();
        await Assertions.Expect(editor.DryRunTurns).ToHaveCountAsync(3);
        await Assertions.Expect(editor.DryRunTurns.Nth(0)).ToContainTextAsync("The AI answers");
        await Assertions.Expect(editor.DryRunTurns.Nth(1)).ToContainTextAsync("Hands over to a person");
        await Assertions.Expect(editor.DryRunTurns.Nth(1)).ToContainTextAsync("rule \"Upset shoppers\"");
        await Assertions.Expect(editor.DryRunTurns.Nth(1).Locator(".turn__actions li").Nth(5)).ToHaveTextAsync("pause the AI for 45m");
        await Assertions.Expect(editor.DryRunTurns.Nth(2)).ToContainTextAsync("Already waiting for an agent");

        // The YAML panel shows the draft; Discard goes back to what is published.
        await editor.Page.Locator("#yaml-panel summary").ClickAsync();
        await Assertions.Expect(editor.Page.Locator("#yaml")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("frustration: true"));
        await editor.DiscardButton.ClickAsync();
        await Assertions.Expect(editor.Status).ToHaveTextAsync("Draft discarded: showing the published settings.");
        await Assertions.Expect(editor.Page.Locator("#scenarios > li")).ToHaveCountAsync(2);
        await Assertions.Expect(editor.Page.Locator("#yaml")).Not.ToHaveValueAsync(new System.Text.RegularExpressions.Regex("frustration"));

        Assert.Empty(editor.PageErrors);
        Assert.Empty(editor.ConsoleErrors);
        Assert.Empty(editor.Dialogs);
    }

    private static async Task<JsonElement> SettingsAsync(TestApp app) =>
        JsonDocument.Parse(await app.Client("admin").GetStringAsync("/api/admin/bots/demo/settings")).RootElement.GetProperty("settings");
}

using BotHost.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BotHost.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class InboxPlanAndNoticeTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Inbox_PlanWithoutHandover_HandOverShowsLockAndOpensUpgradeDialog()
    {
        await using var app = await TestApp.StartAsync(settings: new() { ["Workspace:PlanIncludesHandover"] = "false" });
        var id = (await app.ShopperSaysAsync("dl-locked", "How long does standard shipping take?")).ConversationId;
        await using var context = await chromium.NewContextAsync();
        var alice = await InboxPage.SignInAsync(context, app.BaseAddress, "alice");

        await alice.OpenAsync(id);
        await Assertions.Expect(alice.HandOverButton.Locator(".lock")).ToBeVisibleAsync();
        await alice.HandOverButton.ClickAsync();

        await Assertions.Expect(alice.UpgradeDialog).ToBeVisibleAsync();
        await Assertions.Expect(alice.UpgradeDialog).ToContainTextAsync("Handover to human is not included in your plan");
        await alice.Page.Locator("#upgrade-close").ClickAsync();
        await Assertions.Expect(alice.UpgradeDialog).ToBeHiddenAsync();
        await alice.WaitForStateAsync("ai");
        Assert.Empty(alice.ConsoleErrors);
    }

    [Fact]
    public async Task Inbox_DefaultPlan_HandOverTakesItFromTheAi()
    {
        await using var app = await TestApp.StartAsync();
        var id = (await app.ShopperSaysAsync("dl-unlocked", "How long does standard shipping take?")).ConversationId;
        await using var context = await chromium.NewContextAsync();
        var alice = await InboxPage.SignInAsync(context, app.BaseAddress, "alice");

        await alice.OpenAsync(id);
        await Assertions.Expect(alice.HandOverButton.Locator(".lock")).ToHaveCountAsync(0);
        await alice.HandOverButton.ClickAsync();

        await alice.WaitForStateAsync("human");
        await Assertions.Expect(alice.Banner).ToBeVisibleAsync();
        await Assertions.Expect(alice.UpgradeDialog).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Inbox_NeedsYou_NoticeOnlyForOnlineAgentsAndConflictsReadable()
    {
        await using var app = await TestApp.StartAsync();
        await using var aliceContext = await chromium.NewContextAsync();
        await using var carolContext = await chromium.NewContextAsync();
        var alice = await InboxPage.SignInAsync(aliceContext, app.BaseAddress, "alice");
        var carol = await InboxPage.SignInAsync(carolContext, app.BaseAddress, "carol");
        await Assertions.Expect(carol.Page.Locator("#presence")).ToHaveValueAsync("away");
        await Assertions.Expect(alice.OnlineAgents).Not.ToContainTextAsync("Carol");

        var first = (await app.ShopperSaysAsync("dl-notice-1", "can I talk to a person please")).ConversationId;
        await Assertions.Expect(alice.Toasts).ToHaveCountAsync(1);
        await Assertions.Expect(carol.Count("waiting")).ToHaveTextAsync("1");
        await Assertions.Expect(carol.Toasts).ToHaveCountAsync(0);

        // Carol goes online: everyone sees it, and she hears of the next one.
        await carol.Page.Locator("#presence").SelectOptionAsync("online");
        await Assertions.Expect(alice.OnlineAgents).ToContainTextAsync("Carol");
        await app.ShopperSaysAsync("dl-notice-2", "can I talk to a person please");
        await Assertions.Expect(carol.Toasts).ToHaveCountAsync(1);
        await Assertions.Expect(carol.Count("waiting")).ToHaveTextAsync("2");

        // Both open the first one; Alice claims it first and Carol's late claim (a page that had not heard yet, so
        // the click happens in the same script turn that shows the button again) is explained, not failed silently.
        await alice.OpenAsync(first);
        await carol.OpenAsync(first);
        await alice.ClaimButton.ClickAsync();
        await alice.WaitForStateAsync("human");
        await carol.Page.EvaluateAsync("() => { const claim = document.querySelector('#act-claim'); claim.hidden = false; claim.click(); }");
        await Assertions.Expect(carol.Error).ToContainTextAsync("already claimed by Alice");
        await carol.WaitForStateAsync("human");
    }
}

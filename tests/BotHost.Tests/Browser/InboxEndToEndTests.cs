using System.Text.Json;
using BotHost.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BotHost.Tests.Browser;

/// <summary>
/// The whole handover in real browsers: a shopper in Web Chat on the demo page, Alice and Bob in the inbox in their own
/// browser contexts, the real host in between. Every step waits on what the other side shows, never on time.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxEndToEndTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Inbox_TwoAgentsAndShopper_HandoverClaimReplyTransferGiveBackResolveReopen()
    {
        await using var app = await TestApp.StartAsync();
        await using var shopperContext = await chromium.NewContextAsync();
        await using var aliceContext = await chromium.NewContextAsync();
        await using var bobContext = await chromium.NewContextAsync();

        var shopper = await WebChatPage.OpenAsync(shopperContext, app.BaseAddress);
        var alice = await InboxPage.SignInAsync(aliceContext, app.BaseAddress, "alice");
        var bob = await InboxPage.SignInAsync(bobContext, app.BaseAddress, "bob");

        // The AI answers first; the new conversation appears in both inboxes without a reload.
        await shopper.SendAsync("How long does standard shipping take?");
        await shopper.WaitForBotMessageAsync("business days");
        var id = await OnlyConversationIdAsync(app);
        await Assertions.Expect(alice.Badge(id)).ToHaveTextAsync("AI");
        await Assertions.Expect(bob.Badge(id)).ToHaveTextAsync("AI");

        // The shopper asks for a person: both agents see it need them, live, with a notice.
        await shopper.SendAsync("can I talk to a person please");
        foreach (var agent in new[] { alice, bob })
        {
            await Assertions.Expect(agent.Badge(id)).ToHaveTextAsync("Needs you");
            await Assertions.Expect(agent.Count("waiting")).ToHaveTextAsync("1");
            await Assertions.Expect(agent.Toasts.Filter(new LocatorFilterOptions { HasText = "needs you" })).ToHaveCountAsync(1);
        }
        await alice.ScreenshotForDocsAsync("inbox-list");

        // Alice claims; Bob sees it taken and cannot reply to the shopper.
        await alice.OpenAsync(id);
        await Assertions.Expect(alice.Sidebar.Locator("#reason")).ToContainTextAsync("Shopper asked for a person");
        await alice.ClaimButton.ClickAsync();
        await alice.WaitForStateAsync("human");
        await Assertions.Expect(alice.Banner).ToHaveTextAsync("You are handling this conversation; the AI is paused.");
        await Assertions.Expect(bob.Badge(id)).ToHaveTextAsync("Alice");
        await bob.OpenAsync(id);
        await Assertions.Expect(bob.State).ToHaveTextAsync("Handled by Alice");
        await Assertions.Expect(bob.ClaimButton).ToBeHiddenAsync();
        await Assertions.Expect(bob.Banner).ToBeHiddenAsync();
        await Assertions.Expect(bob.InternalToggle).ToBeCheckedAsync();
        await Assertions.Expect(bob.InternalToggle).ToBeDisabledAsync();

        // Alice replies; the shopper reads it in Web Chat.
        await alice.ReplyAsync("Hi, Alice here. Let me check your order.");
        await shopper.WaitForBotMessageAsync("Let me check your order");
        await alice.ScreenshotForDocsAsync("conversation-view");

        // Alice transfers to Bob with a note: Bob sees the note, the shopper only hears who took over.
        const string note = "VIP shopper, wants express shipping";
        await alice.TransferAsync("Bob", note);
        await Assertions.Expect(bob.Notes.Filter(new LocatorFilterOptions { HasText = note })).ToHaveCountAsync(1);
        await Assertions.Expect(bob.Toasts.Filter(new LocatorFilterOptions { HasText = "Assigned to you" })).ToHaveCountAsync(1);
        await bob.WaitForStateAsync("human");
        await Assertions.Expect(bob.Banner).ToBeVisibleAsync();
        await Assertions.Expect(alice.Banner).ToBeHiddenAsync();
        await shopper.WaitForBotMessageAsync("Bob");
        Assert.DoesNotContain(note, await shopper.Page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);

        // Bob gives back; the AI answers the shopper's next question again.
        await bob.GiveBackButton.ClickAsync();
        await bob.WaitForStateAsync("ai");
        await shopper.WaitForBotMessageAsync("back to being handled by AI");
        await shopper.SendAsync("Do you ship to Norway?");
        await Assertions.Expect(bob.Messages.Filter(new LocatorFilterOptions { HasText = "Do you ship to Norway?" })).ToHaveCountAsync(1);
        await Assertions.Expect(bob.Page.Locator("#transcript .msg--ai")).ToHaveCountAsync(2);

        // Resolve; the shopper writes again and the conversation reopens in the inbox.
        await bob.ResolveButton.ClickAsync();
        await bob.WaitForStateAsync("ai", "resolved");
        await Assertions.Expect(bob.TakeOverButton).ToBeVisibleAsync();
        await alice.SelectTabAsync("resolved");
        await Assertions.Expect(alice.Badge(id)).ToHaveTextAsync("Resolved");
        await alice.SelectTabAsync("open");
        await Assertions.Expect(alice.Row(id)).ToHaveCountAsync(0);
        await shopper.SendAsync("One more thing: how do returns work?");
        await Assertions.Expect(alice.Badge(id)).ToHaveTextAsync("AI");
        await bob.WaitForStateAsync("ai", "open");

        foreach (var page in new[] { alice, bob })
        {
            Assert.Empty(page.PageErrors);
            Assert.Empty(page.ConsoleErrors);
            Assert.Empty(page.Dialogs);
        }
    }

    [Fact]
    public async Task Inbox_PhoneWidth_ListThenConversationOneAtATime()
    {
        await using var app = await TestApp.StartAsync();
        var id = (await app.ShopperSaysAsync("dl-phone", "human please")).ConversationId;
        await using var context = await chromium.NewContextAsync(390, 844);
        var alice = await InboxPage.SignInAsync(context, app.BaseAddress, "alice");

        await alice.OpenAsync(id);
        await Assertions.Expect(alice.Page.Locator(".list-pane")).ToBeHiddenAsync();
        await Assertions.Expect(alice.ClaimButton).ToBeInViewportAsync();
        await alice.Page.Locator("#back").ClickAsync();
        await Assertions.Expect(alice.Row(id)).ToBeVisibleAsync();
        var overflow = await alice.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The page scrolls sideways at phone width.");
    }

    [Fact]
    public async Task Inbox_Keyboard_TabsAndRowsAndButtonsReachable()
    {
        await using var app = await TestApp.StartAsync();
        var id = (await app.ShopperSaysAsync("dl-keys", "human please")).ConversationId;
        await using var context = await chromium.NewContextAsync();
        var alice = await InboxPage.SignInAsync(context, app.BaseAddress, "alice");
        await Assertions.Expect(alice.Row(id)).ToBeVisibleAsync();

        await alice.Tab("open").FocusAsync();
        await alice.Page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(alice.Tab("waiting")).ToBeFocusedAsync();
        await Assertions.Expect(alice.Tab("waiting")).ToHaveAttributeAsync("aria-selected", "true");
        await alice.Row(id).FocusAsync();
        await alice.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(alice.Transcript).ToHaveAttributeAsync("data-conversation", id);
        await alice.ClaimButton.FocusAsync();
        await alice.Page.Keyboard.PressAsync("Enter");
        await alice.WaitForStateAsync("human");

        // Shift+Enter is a new line, Enter sends.
        await alice.ReplyBox.FocusAsync();
        await alice.Page.Keyboard.TypeAsync("first line");
        await alice.Page.Keyboard.PressAsync("Shift+Enter");
        await alice.Page.Keyboard.TypeAsync("second line");
        await alice.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(alice.Messages.Filter(new LocatorFilterOptions { HasText = "second line" })).ToHaveCountAsync(1);
        Assert.Equal("first line\nsecond line", await alice.Page.Locator("#transcript .msg--human .msg__text").Last.TextContentAsync());

        await alice.GiveBackButton.FocusAsync();
        await alice.Page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(alice.ResolveButton).ToBeFocusedAsync();
        var outline = await alice.Page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", outline);
        Assert.Empty(alice.ConsoleErrors);
    }

    private static async Task<string> OnlyConversationIdAsync(TestApp app)
    {
        var list = JsonDocument.Parse(await app.Client("alice").GetStringAsync("/api/conversations?view=all")).RootElement;
        return Assert.Single(list.EnumerateArray()).GetProperty("id").GetString()!;
    }
}

using BotHost.Tests.Infrastructure;
using Handover.Messages;
using Handover.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BotHost.Tests.Browser;

/// <summary>
/// Shopper-supplied text (names and messages) reaches the inbox as text and nothing else: no script runs, no element is
/// created from it. Every payload would set window.__xss or open a dialog if it were ever parsed as HTML.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxXssTests(ChromiumFixture chromium)
{
    private static readonly string[] Payloads =
    [
        "<script>window.__xss=1</script>",
        "<img src=x onerror=\"window.__xss=1\">",
        "<img src=x onerror=alert(1)>",
        "<svg onload=window.__xss=1>",
        "<svg><script>window.__xss=1</script></svg>",
        "<iframe src=\"javascript:window.top.__xss=1\"></iframe>",
        "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
        "<body onload=window.__xss=1>",
        "<details open ontoggle=window.__xss=1>",
        "<input autofocus onfocus=window.__xss=1>",
        "<marquee onstart=window.__xss=1>x</marquee>",
        "<video><source onerror=window.__xss=1></video>",
        "<audio src=x onerror=window.__xss=1>",
        "<object data=\"javascript:window.__xss=1\"></object>",
        "<embed src=\"javascript:window.__xss=1\">",
        "<a href=\"javascript:window.__xss=1\">click</a>",
        "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
        "<style>@import 'javascript:window.__xss=1';</style>",
        "<link rel=stylesheet href=\"javascript:window.__xss=1\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=1\">",
        "\"><img src=x onerror=window.__xss=1>",
        "'><script>window.__xss=1</script>",
        "</textarea><script>window.__xss=1</script>",
        "</title><script>window.__xss=1</script>",
        "</li></ol><img src=x onerror=window.__xss=1>",
        "javascript:window.__xss=1",
        "{{constructor.constructor('window.__xss=1')()}}",
        "${window.__xss=1}",
        "[click](javascript:window.__xss=1)",
        "![x](x\" onerror=\"window.__xss=1)",
        "<form action=\"javascript:window.__xss=1\"><button>go</button></form>",
        "<template><img src=x onerror=window.__xss=1></template>",
        "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=1>\">",
        "<select onfocus=window.__xss=1 autofocus>",
        "<textarea autofocus onfocus=window.__xss=1>",
        "&lt;img src=x onerror=window.__xss=1&gt;",
        "&#60;script&#62;window.__xss=1&#60;/script&#62;",
        "%3Cscript%3Ewindow.__xss=1%3C/script%3E",
        "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
        "<IMG SRC=JaVaScRiPt:window.__xss=1>",
        "<img src=\"x` `<script>window.__xss=1</script>\"` `>",
        "<div style=\"background:url(javascript:window.__xss=1)\">styled</div>",
        "<base href=\"javascript:window.__xss=1//\">",
        "<x onclick=window.__xss=1>click me</x>",
        "\u003cscript\u003ewindow.__xss=1\u003c/script\u003e",
        "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>",
        "<img src=x:alert(1) onerror=eval(src)>",
        "<script src=data:,window.__xss=1></script>",
        "<script>alert(document.cookie)</script>",
        "<img src=1 onerror=confirm(1)>",
        "<svg/onload=prompt(1)>",
        "<body><img src=x onerror=window.__xss=1 ",
        "<b>bold</b><i>italic</i><u>underline</u>",
        "<h1>Big</h1><hr><table><tr><td>cell</td></tr></table>",
    ];

    // What the inbox itself builds in the places shopper text goes; any other element came from a payload.
    private const string UnexpectedElementsScript = """
        () => {
          const allowed = new Set(['LI', 'A', 'SPAN', 'TIME', 'DIV', 'P', 'DT', 'DD', 'BUTTON', 'UL', 'DL', 'OL', 'SECTION', 'H2']);
          const found = [];
          for (const root of document.querySelectorAll('#conversation-list, #transcript, #sidebar, #toasts, #conv-title')) {
            for (const node of root.querySelectorAll('*')) {
              const handlers = [...node.attributes].filter((a) => a.name.startsWith('on') || a.name === 'style' || a.name === 'srcdoc');
              const badLink = node.tagName === 'A' && !/^(\/inbox\/conversations\/|https?:)/.test(node.getAttribute('href') || '');
              if (!allowed.has(node.tagName) || handlers.length > 0 || badLink) found.push(node.outerHTML.slice(0, 120));
            }
          }
          return found;
        }
        """;

    [Fact]
    public async Task Inbox_ScriptPayloadsInShopperNamesAndMessages_ShownAsTextNothingRuns()
    {
        Assert.True(Payloads.Length >= 50);
        await using var app = await TestApp.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var alice = await InboxPage.SignInAsync(context, app.BaseAddress, "alice");
        var pipeline = app.Services.GetRequiredService<IInboundPipeline>();

        // One conversation per payload, named by it and saying it; the first one hears every payload.
        var ids = new List<string>();
        for (var i = 0; i < Payloads.Length; i++)
        {
            ids.Add((await pipeline.AcceptAsync(Inbound($"dl-xss-{i}", Payloads[i], Payloads[i]), CancellationToken.None)).ConversationId);
        }

        foreach (var payload in Payloads.Skip(1))
        {
            await pipeline.AcceptAsync(Inbound("dl-xss-0", Payloads[0], payload), CancellationToken.None);
        }

        // A handover under a payload name: the live notice shows the name too.
        await pipeline.AcceptAsync(Inbound("dl-xss-0", Payloads[0], "can I talk to a person please"), CancellationToken.None);
        await Assertions.Expect(alice.Toasts).ToHaveCountAsync(1);
        await Assertions.Expect(alice.Rows).ToHaveCountAsync(Payloads.Length);

        await alice.OpenAsync(ids[0]);
        await Assertions.Expect(alice.Page.Locator("#transcript .msg--shopper")).ToHaveCountAsync(Payloads.Length + 1);
        await Assertions.Expect(alice.Title).ToHaveTextAsync(Payloads[0]);
        // An internal note and a reply with markup, written by an agent, are text as well.
        await alice.ClaimButton.ClickAsync();
        await alice.WaitForStateAsync("human");
        await alice.ReplyAsync(Payloads[1]);

        var shown = await alice.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#transcript .msg--shopper .msg__text')].map((n) => n.textContent)");
        Assert.Equal(Payloads.Append("can I talk to a person please"), shown);
        var names = await alice.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#conversation-list .row__name')].map((n) => n.textContent)");
        Assert.Equal(Payloads.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));

        // Search with a payload: the list filters by it as plain text (its own conversation and the first one).
        await alice.Page.Locator("#search").FillAsync(Payloads[3]);
        await Assertions.Expect(alice.Rows).ToHaveCountAsync(2);

        Assert.Empty(await alice.Page.EvaluateAsync<string[]>(UnexpectedElementsScript));
        Assert.True(await alice.Page.EvaluateAsync<bool>("() => window.__xss === undefined"), "A payload ran.");
        Assert.Empty(alice.Dialogs);
        Assert.Empty(alice.PageErrors);
    }

    private static InboundMessage Inbound(string address, string name, string text) =>
        new("demo", "webchat", address, Guid.NewGuid().ToString("N"), "shopper-" + address, name, text);
}

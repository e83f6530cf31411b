using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.Admin;

public class AdminApiTests
{
    private static StringContent Yaml(string yaml) => new(yaml, Encoding.UTF8, "application/yaml");

    [Fact]
    public async Task Settings_PutValid_AppliesAndWritesTheFile_PutInvalid_ListsEveryError()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.Client("admin");

        var ok = await admin.PutAsync("/api/admin/bots/demo/settings", Yaml("pickupTimeout: 45s\nactions:\n  - type: tags\n    tags: [vip]\n"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var current = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/bots/demo/settings")).RootElement;
        Assert.Equal("45s", current.GetProperty("settings").GetProperty("pickupTimeout").GetString());
        Assert.True(File.Exists(current.GetProperty("file").GetString()));

        var bad = await admin.PutAsync("/api/admin/bots/demo/settings", Yaml("mode: Sometimes\nactions:\n  - type: assign\n    agent: nobody\n  - type: fax\n"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(new[] { "mode", "actions[0].agent", "actions[1].type" }, problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToArray());
        Assert.Contains("demo.yaml", problem.GetProperty("detail").GetString());
        current = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/bots/demo/settings")).RootElement;
        Assert.Equal("45s", current.GetProperty("settings").GetProperty("pickupTimeout").GetString());
    }

    [Fact]
    public async Task Settings_AreForAdminsOnly()
    {
        await using var app = await TestApp.StartAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client("alice").GetAsync("/api/admin/bots/demo/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync("/api/admin/bots/demo/settings")).StatusCode);
    }

    [Fact]
    public async Task DryRun_SaysWhatWouldFire_AndChangesNothing()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Client("admin").PostAsJsonAsync("/api/admin/bots/demo/dry-run", new
        {
            transcript = new[] { "hi", "I need a refund of $349.99 for the boots" },
            settings = "scenarios:\n  - name: Big refunds\n    topic: [refund]\n    amountOver: {value: 200, currency: USD}\nactions:\n  - type: closingMessage\n",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turns = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("turns").EnumerateArray().ToList();
        Assert.Equal("ai_answers", turns[0].GetProperty("outcome").GetString());
        Assert.Equal(("handed_over", "scenario", "Big refunds"), (turns[1].GetProperty("outcome").GetString(), turns[1].GetProperty("trigger").GetString(), turns[1].GetProperty("rule").GetString()));
        Assert.StartsWith("send ", turns[1].GetProperty("actions")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(JsonDocument.Parse(await app.Client("admin").GetStringAsync("/api/conversations")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Analytics_HandedOverNeverCountsAsAnAiResolution()
    {
        await using var app = await TestApp.StartAsync();
        var handedOver = (await app.ShopperSaysAsync("an-1", "agent please")).ConversationId;
        var aiOnly = (await app.ShopperSaysAsync("an-2", "How long does standard shipping take?")).ConversationId;
        var bob = app.Client("bob");
        await bob.PostAsync($"/api/conversations/{handedOver}/claim", null);
        await bob.PostAsJsonAsync($"/api/conversations/{handedOver}/messages", new { text = "Hi, Bob here" });
        await bob.PostAsync($"/api/conversations/{handedOver}/resolve", null);
        await bob.PostAsync($"/api/conversations/{aiOnly}/resolve", null);

        var stats = JsonDocument.Parse(await app.Client("admin").GetStringAsync("/api/analytics")).RootElement;
        Assert.Equal(1, stats.GetProperty("aiResolutions").GetInt64());
        Assert.Equal(1, stats.GetProperty("handedOver").GetInt64());
        Assert.Equal("contact_request", stats.GetProperty("handoversByTrigger")[0].GetProperty("trigger").GetString());
        Assert.Equal(1.0, stats.GetProperty("pickedUpWithinTimeoutShare").GetDouble());
        Assert.True(stats.GetProperty("medianSecondsToFirstHumanReply").GetDouble() >= 0);
    }

    [Fact]
    public async Task EditorDraft_IsKeptOnTheServer_WithItsErrors()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.Client("admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.GetAsync("/api/admin/bots/demo/draft")).StatusCode);
        await admin.PutAsync("/api/admin/bots/demo/draft", Yaml("pickupTimeout: later\n"));
        var draft = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/bots/demo/draft")).RootElement;
        Assert.Equal("pickupTimeout: later\n", draft.GetProperty("yaml").GetString());
        Assert.Equal("pickupTimeout", draft.GetProperty("errors")[0].GetProperty("path").GetString());
        // The editor page is for signed-in admins (anyone else is sent to the sign-in page).
        using var signedIn = await BotHost.Tests.Inbox.InboxClient.SignedInAsync(app, "admin");
        Assert.Contains("editor.js", await (await signedIn.SendAsync(HttpMethod.Get, "/admin/bots/demo")).Content.ReadAsStringAsync());
    }
}

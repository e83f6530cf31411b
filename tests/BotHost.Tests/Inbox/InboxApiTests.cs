using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BotHost.Tests.Infrastructure;
using Handover.Messages;
using Handover.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.Inbox;

public class InboxApiTests
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static Task<InboundResult> SayAsync(TestApp app, string address, string name, string text) =>
        app.Services.GetRequiredService<IInboundPipeline>().AcceptAsync(
            new InboundMessage("demo", "webchat", address, Guid.NewGuid().ToString("N"), "shopper-" + address, name, text), CancellationToken.None);

    private static string[] Ids(JsonElement list) => list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray();

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task InboxList_TabsCountsBadgesAndSearch(Store store)
    {
        await using var app = await TestApp.StartAsync(store);
        var alice = app.Client("alice");
        var ai = (await SayAsync(app, "dl-ai", "Ada Lovelace", "How long does standard shipping take?")).ConversationId;
        var waiting = (await SayAsync(app, "dl-wait", "Grace Hopper", "can I talk to a person please")).ConversationId;
        var mine = (await SayAsync(app, "dl-mine", "Linus", "my order 50%_off is wrong")).ConversationId;
        await SayAsync(app, "dl-mine", "Linus", "can I talk to a person please");
        var resolved = (await SayAsync(app, "dl-done", "Margaret", "Do you ship to Norway?")).ConversationId;
        (await alice.PostAsync($"/api/conversations/{mine}/claim", null)).EnsureSuccessStatusCode();
        (await alice.PostAsync($"/api/conversations/{resolved}/resolve", null)).EnsureSuccessStatusCode();

        var open = await JsonAsync(await alice.GetAsync("/api/inbox/conversations"));
        Assert.Equal("open", open.GetProperty("tab").GetString());
        Assert.Equal(new[] { ai, waiting, mine }.Order(), Ids(open).Order());
        var counts = open.GetProperty("counts");
        Assert.Equal((3, 1, 1, 1), (counts.GetProperty("open").GetInt64(), counts.GetProperty("waiting").GetInt64(), counts.GetProperty("mine").GetInt64(), counts.GetProperty("resolved").GetInt64()));
        var badges = open.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("badge").GetProperty("label").GetString());
        Assert.Equal(("AI", "Needs you", "Alice"), (badges[ai], badges[waiting], badges[mine]));
        var row = open.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == mine);
        Assert.Equal(("Linus", "webchat", "system"), (row.GetProperty("shopperName").GetString(), row.GetProperty("channel").GetString(), row.GetProperty("lastMessage").GetProperty("role").GetString()));

        Assert.Equal([waiting], Ids(await JsonAsync(await alice.GetAsync("/api/inbox/conversations?tab=waiting"))));
        Assert.Equal([mine], Ids(await JsonAsync(await alice.GetAsync("/api/inbox/conversations?tab=mine"))));
        Assert.Empty(Ids(await JsonAsync(await app.Client("bob").GetAsync("/api/inbox/conversations?tab=mine"))));
        var done = await JsonAsync(await alice.GetAsync("/api/inbox/conversations?tab=resolved"));
        Assert.Equal("Resolved", Assert.Single(done.GetProperty("items").EnumerateArray()).GetProperty("badge").GetProperty("label").GetString());

        // Search: shopper name and message text, case-insensitive; LIKE wildcards are plain characters.
        Assert.Equal([waiting], Ids(await JsonAsync(await alice.GetAsync("/api/inbox/conversations?tab=open&q=grace"))));
        Assert.Equal([ai], Ids(await JsonAsync(await alice.GetAsync("/api/inbox/conversations?tab=open&q=STANDARD%20SHIPPING"))));
        Assert.Equal([mine], Ids(await JsonAsync(await alice.GetAsync("/api/inbox/conversations?tab=open&q=50%25_off"))));
        Assert.Empty(Ids(await JsonAsync(await alice.GetAsync("/api/inbox/conversations?tab=open&q=5%25f"))));
        Assert.Equal([resolved], Ids(await JsonAsync(await alice.GetAsync("/api/inbox/conversations?tab=resolved&q=norway"))));

        Assert.Equal(HttpStatusCode.BadRequest, (await alice.GetAsync("/api/inbox/conversations?tab=everything")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.GetAsync($"/api/inbox/conversations?q={new string('x', 201)}")).StatusCode);
    }

    [Fact]
    public async Task InboxConversation_SidebarHasSummaryCustomerReasonAndNoTasksYet()
    {
        await using var app = await TestApp.StartAsync();
        var id = (await app.Services.GetRequiredService<IInboundPipeline>().AcceptAsync(
            new InboundMessage("demo", "webchat", "dl-side", "p1", "shopper-42", "Sam", "My parcel 1042 never arrived. It was a birthday present!")
            {
                StartedOnPage = "https://shop.example/products/linen-shirt",
            }, CancellationToken.None)).ConversationId;
        await SayAsync(app, "dl-side", "Sam", "Where is parcel 1042? can I talk to a person please");

        var view = await JsonAsync(await app.Client("bob").GetAsync($"/api/inbox/conversations/{id}"));

        var customer = view.GetProperty("customer");
        Assert.Equal(("Sam", "shopper-42", "webchat", "dl-side", "https://shop.example/products/linen-shirt"), (
            customer.GetProperty("name").GetString(), customer.GetProperty("shopperId").GetString(), customer.GetProperty("channel").GetString(),
            customer.GetProperty("address").GetString(), customer.GetProperty("startedOnPage").GetString()));
        var points = view.GetProperty("summary").GetProperty("shopperPoints").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("My parcel 1042 never arrived.", points);
        Assert.NotNull(view.GetProperty("summary").GetProperty("lastAiAnswer").GetString());
        Assert.Empty(view.GetProperty("tasks").EnumerateArray());
        Assert.Equal("contact_request", view.GetProperty("conversation").GetProperty("handoverReason").GetProperty("trigger").GetString());
        Assert.Equal("Bob", view.GetProperty("agentNames").GetProperty("bob").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client("bob").GetAsync("/api/inbox/conversations/none")).StatusCode);
    }

    [Fact]
    public async Task InboxConversation_SidebarListsTheConversationsTasks()
    {
        await using var app = await TestApp.StartAsync();
        var id = (await app.ShopperSaysAsync("dl-tasks", "agent please")).ConversationId;
        var due = DateTimeOffset.UtcNow.AddHours(24);
        await app.Services.GetRequiredService<Handover.Actions.TaskStore>().CreateOnceAsync("test", id, "Call the customer back", "alice", due, CancellationToken.None);

        var view = await JsonAsync(await app.Client("bob").GetAsync($"/api/inbox/conversations/{id}"));

        var task = Assert.Single(view.GetProperty("tasks").EnumerateArray());
        Assert.Equal(("Call the customer back", "alice"), (task.GetProperty("description").GetString(), task.GetProperty("assignee").GetString()));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Preferences_SetAndRead_PerAgent(Store store)
    {
        await using var app = await TestApp.StartAsync(store);
        var bob = app.Client("bob");

        var initial = await JsonAsync(await bob.GetAsync("/api/inbox/me/preferences"));
        Assert.True(initial.GetProperty("whenAssignedToMe").GetBoolean());
        var set = await JsonAsync(await bob.PutAsJsonAsync("/api/inbox/me/preferences", new { whenAssignedToMe = false, whenTaskAssignedToMe = true }));

        Assert.False(set.GetProperty("whenAssignedToMe").GetBoolean());
        Assert.False((await JsonAsync(await bob.GetAsync("/api/inbox/me/preferences"))).GetProperty("whenAssignedToMe").GetBoolean());
        Assert.True((await JsonAsync(await app.Client("alice").GetAsync("/api/inbox/me/preferences"))).GetProperty("whenAssignedToMe").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await bob.PutAsJsonAsync("/api/inbox/me/preferences", new { whenAssignedToMe = true })).StatusCode);
    }

    [Fact]
    public async Task Presence_SetAway_ListedOffline()
    {
        await using var app = await TestApp.StartAsync();

        var away = await JsonAsync(await app.Client("alice").PutAsJsonAsync("/api/inbox/me/presence", new { online = false }));

        Assert.False(away.GetProperty("online").GetBoolean());
        var agents = await JsonAsync(await app.Client("bob").GetAsync("/api/agents"));
        Assert.False(agents.EnumerateArray().Single(a => a.GetProperty("id").GetString() == "alice").GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task HandOver_PlanWithoutHandover_403ProblemAndTheShopperIsNotHandedOverEither()
    {
        await using var app = await TestApp.StartAsync(settings: new() { ["Workspace:PlanIncludesHandover"] = "false" });
        var alice = app.Client("alice");
        var ai = (await app.ShopperSaysAsync("dl-plan-ai", "hello")).ConversationId;
        var asked = (await app.ShopperSaysAsync("dl-plan-ask", "human please")).ConversationId;

        var refused = await alice.PostAsync($"/api/conversations/{ai}/hand-over", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Handover to human is not included in your plan", problem.GetProperty("title").GetString());
        Assert.Equal("plan_handover_disabled", problem.GetProperty("code").GetString());
        Assert.Equal("ai", (await JsonAsync(await alice.GetAsync($"/api/conversations/{ai}"))).GetProperty("controller").GetString());
        Assert.False((await JsonAsync(await alice.GetAsync("/api/inbox/session"))).GetProperty("planIncludesHandover").GetBoolean());
        // The plan is the limit for the bot too, whatever its own abilities.handover says: the AI keeps the conversation.
        var keptByTheAi = await JsonAsync(await alice.GetAsync($"/api/conversations/{asked}"));
        Assert.Equal("ai", keptByTheAi.GetProperty("controller").GetString());
        Assert.False(keptByTheAi.GetProperty("everHandedOver").GetBoolean());
    }

    [Fact]
    public async Task Start_PlanKeyMisspeltOrRenamed_StopsInsteadOfLeavingThePlanOpen()
    {
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => TestApp.StartAsync(settings: new() { ["Workspace:HandoverEnabled"] = "false" }));
        Assert.Contains("HandoverEnabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandOver_DefaultPlan_Allowed()
    {
        await using var app = await TestApp.StartAsync();
        var ai = (await app.ShopperSaysAsync("dl-plan-on", "hello")).ConversationId;

        Assert.Equal(HttpStatusCode.OK, (await app.Client("alice").PostAsync($"/api/conversations/{ai}/hand-over", null)).StatusCode);
        Assert.True((await JsonAsync(await app.Client("alice").GetAsync("/api/inbox/session"))).GetProperty("planIncludesHandover").GetBoolean());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BotHost.Tests.Inbox;
using BotHost.Tests.Infrastructure;
using Testing;

namespace BotHost.Tests.Admin;

/// <summary>
/// The editor page's API: drafts saved from the form (JSON) and kept in the database, restored, discarded and published
/// (validated, applied at once, written to the file), validation messages by field path, and the AI switch (L10).
/// </summary>
public class EditorApiTests
{
    private const string Bot = "/api/admin/bots/demo";

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadAsync(response, expected);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static string[] Paths(JsonElement errors) => errors.EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToArray();

    /// <summary>The published settings as the form starts from them.</summary>
    private static async Task<JsonNode> FormAsync(HttpClient admin) =>
        JsonNode.Parse((await ReadAsync(await admin.GetAsync($"{Bot}/editor"))).GetProperty("published").GetProperty("settings").GetRawText())!;

    [Fact]
    public async Task Editor_FreshBot_PublishedSettingsNoDraftAndTheValidatorsChoices()
    {
        await using var app = await TestApp.StartAsync();

        var state = await ReadAsync(await app.Client("admin").GetAsync($"{Bot}/editor"));

        Assert.Equal(JsonValueKind.Null, state.GetProperty("draft").ValueKind);
        Assert.Equal(2, state.GetProperty("published").GetProperty("settings").GetProperty("triggers").GetProperty("failedAttemptLimit").GetInt32());
        var choices = state.GetProperty("choices");
        Assert.Equal(6, choices.GetProperty("maxActions").GetInt32());
        Assert.Contains("ticket", choices.GetProperty("actionTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("alice", choices.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Draft_FromTheForm_StoredAsYamlRestoredWithItsErrors_PublishedUntouched()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.Client("admin");
        var form = await FormAsync(admin);
        form["triggers"]!["failedAttemptLimit"] = 3;
        form["actions"] = new JsonArray(new JsonObject { ["type"] = "tags", ["tags"] = new JsonArray("vip") }, new JsonObject { ["type"] = "pause", ["duration"] = "soon" });

        var saved = await ReadAsync(await admin.PutAsync($"{Bot}/draft", Json(form)));

        Assert.Contains("failedAttemptLimit: 3", saved.GetProperty("yaml").GetString(), StringComparison.Ordinal);
        var error = Assert.Single(saved.GetProperty("errors").EnumerateArray());
        Assert.Equal(("actions[1].duration", "soon"), (error.GetProperty("path").GetString(), error.GetProperty("value").GetString()));
        var restored = (await ReadAsync(await admin.GetAsync($"{Bot}/editor"))).GetProperty("draft");
        Assert.Equal(3, restored.GetProperty("settings").GetProperty("triggers").GetProperty("failedAttemptLimit").GetInt32());
        Assert.Equal("soon", restored.GetProperty("settings").GetProperty("actions")[1].GetProperty("duration").GetString());
        Assert.Equal(["actions[1].duration"], Paths(restored.GetProperty("errors")));
        Assert.Equal(saved.GetProperty("updatedAt").GetDateTimeOffset(), restored.GetProperty("updatedAt").GetDateTimeOffset());
        var published = await ReadAsync(await admin.GetAsync($"{Bot}/settings"));
        Assert.Equal(2, published.GetProperty("settings").GetProperty("triggers").GetProperty("failedAttemptLimit").GetInt32());
    }

    [Fact]
    public async Task Draft_EveryBadValue_ReportedAtTheFieldItBelongsTo()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.Client("admin");
        var form = JsonNode.Parse("""
            {
              "mode": "Sometimes", "afterResolve": "never", "pickupTimeout": "later",
              "triggers": { "contactRequest": true, "failedAttemptLimit": 0, "offerBeforeHandover": false },
              "scenarios": [
                { "name": "", "topic": [] },
                { "name": "Big", "topic": ["refund"], "amountOver": { "value": 0, "currency": "XYZ" } },
                { "name": "Angry", "topic": [], "frustration": true }
              ],
              "actions": [
                { "type": "assign", "agent": "nobody", "strategy": "random", "capacity": 0, "team": "night" },
                { "type": "createTask", "due": "tomorrow", "assignee": "nobody" },
                { "type": "pause", "duration": "" },
                { "type": "tags", "tags": [" "] },
                { "type": "email", "to": ["not-an-address"] },
                { "type": "ticket", "helpdesks": ["fax"] }
              ]
            }
            """)!;

        var errors = (await ReadAsync(await admin.PutAsync($"{Bot}/draft", Json(form)))).GetProperty("errors");

        Assert.Equal(
            [
                "mode", "afterResolve", "pickupTimeout", "triggers.failedAttemptLimit",
                "scenarios[0].name", "scenarios[0].topic", "scenarios[1].amountOver.value", "scenarios[1].amountOver.currency",
                "actions[0].agent", "actions[0].strategy", "actions[0].capacity", "actions[0].team",
                "actions[1].due", "actions[1].assignee", "actions[2].duration", "actions[3].tags",
                "actions[4].to", "actions[4]", "actions[5].helpdesks",
            ],
            Paths(errors));
        Assert.All(errors.EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString())));
    }

    [Fact]
    public async Task Draft_BadInput_ProblemDetailsAndNothingSaved()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.Client("admin");

        var wrongType = await ProblemAsync(await admin.PutAsync($"{Bot}/draft", new StringContent("""{"triggers":{"failedAttemptLimit":"three"}}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal(["triggers.failedAttemptLimit"], Paths(wrongType.GetProperty("errors")));
        await ProblemAsync(await admin.PutAsync($"{Bot}/draft", new StringContent("{", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await ProblemAsync(await admin.PutAsync($"{Bot}/draft", new StringContent(new string('#', 300_000), Encoding.UTF8, "application/yaml")), HttpStatusCode.RequestEntityTooLarge);
        await ProblemAsync(await admin.PutAsync($"{Bot}/draft", new StringContent("x", Encoding.UTF8, "image/png")), HttpStatusCode.UnsupportedMediaType);
        await ProblemAsync(await admin.GetAsync("/api/admin/bots/no.such.bot/editor"), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.GetAsync($"{Bot}/draft")).StatusCode);
    }

    [Fact]
    public async Task Publish_ValidDraft_AppliedAtOnceWrittenToTheFileAndTheDraftGone()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.Client("admin");
        var form = await FormAsync(admin);
        form["triggers"]!["failedAttemptLimit"] = 4;
        form["actions"] = new JsonArray(new JsonObject { ["type"] = "tags", ["tags"] = new JsonArray("vip") });
        await ReadAsync(await admin.PutAsync($"{Bot}/draft", Json(form)));

        var published = await ReadAsync(await admin.PostAsync($"{Bot}/draft/publish", null));

        Assert.Equal(4, published.GetProperty("settings").GetProperty("triggers").GetProperty("failedAttemptLimit").GetInt32());
        var current = await ReadAsync(await admin.GetAsync($"{Bot}/settings"));
        Assert.Equal(4, current.GetProperty("settings").GetProperty("triggers").GetProperty("failedAttemptLimit").GetInt32());
        Assert.Equal("vip", current.GetProperty("settings").GetProperty("actions")[0].GetProperty("tags")[0].GetString());
        Assert.Contains("failedAttemptLimit: 4", await File.ReadAllTextAsync(current.GetProperty("file").GetString()!), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.GetAsync($"{Bot}/draft")).StatusCode);
        await ProblemAsync(await admin.PostAsync($"{Bot}/draft/publish", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Publish_InvalidDraft_400ByPathDraftKeptSettingsUnchanged()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.Client("admin");
        var form = await FormAsync(admin);
        form["pickupTimeout"] = "whenever";
        await ReadAsync(await admin.PutAsync($"{Bot}/draft", Json(form)));

        var problem = await ProblemAsync(await admin.PostAsync($"{Bot}/draft/publish", null), HttpStatusCode.BadRequest);

        Assert.Equal(["pickupTimeout"], Paths(problem.GetProperty("errors")));
        Assert.Equal("whenever", (await ReadAsync(await admin.GetAsync($"{Bot}/draft"))).GetProperty("settings").GetProperty("pickupTimeout").GetString());
        Assert.Equal("120s", (await ReadAsync(await admin.GetAsync($"{Bot}/settings"))).GetProperty("settings").GetProperty("pickupTimeout").GetString());
    }

    [Fact]
    public async Task Discard_BackToThePublishedSettings()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.Client("admin");
        var form = await FormAsync(admin);
        form["mode"] = "SemiAutomate";
        await ReadAsync(await admin.PutAsync($"{Bot}/draft", Json(form)));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Bot}/draft")).StatusCode);

        var state = await ReadAsync(await admin.GetAsync($"{Bot}/editor"));
        Assert.Equal(JsonValueKind.Null, state.GetProperty("draft").ValueKind);
        Assert.Equal("Automate", state.GetProperty("published").GetProperty("settings").GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Draft_SurvivesAHostRestart(Store store)
    {
        using var folder = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Handover"] = store == Store.Postgres
                ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync()
                : $"Data Source={Path.Combine(folder.Path, "handover.db")}",
            ["BotFiles:ConfigDirectory"] = Path.Combine(folder.Path, "bots"),
        };
        JsonElement saved;
        await using (var first = await TestApp.StartAsync(store, settings))
        {
            var form = await FormAsync(first.Client("admin"));
            form["pickupTimeout"] = "5m";
            saved = await ReadAsync(await first.Client("admin").PutAsync($"{Bot}/draft", Json(form)));
        }

        await using var second = await TestApp.StartAsync(store, settings);
        var draft = (await ReadAsync(await second.Client("admin").GetAsync($"{Bot}/editor"))).GetProperty("draft");

        Assert.Equal("5m", draft.GetProperty("settings").GetProperty("pickupTimeout").GetString());
        Assert.Equal(saved.GetProperty("yaml").GetString(), draft.GetProperty("yaml").GetString());
        Assert.Equal(saved.GetProperty("updatedAt").GetDateTimeOffset(), draft.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task AiPublished_Off_NewConversationsGoToAgentsAtOnce_FileKeepsItsComments_DraftFollows()
    {
        using var folder = new TempDirectory();
        var bots = Directory.CreateDirectory(Path.Combine(folder.Path, "bots")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "config", "bots", "demo.yaml"), Path.Combine(bots, "demo.yaml"));
        await using var app = await TestApp.StartAsync(settings: new() { ["BotFiles:ConfigDirectory"] = bots });
        var admin = app.Client("admin");
        var form = await FormAsync(admin);
        form["pickupTimeout"] = "90s";
        await ReadAsync(await admin.PutAsync($"{Bot}/draft", Json(form)));

        var switched = await ReadAsync(await admin.PutAsJsonAsync($"{Bot}/ai-published", new { published = false }));

        Assert.False(switched.GetProperty("settings").GetProperty("aiPublished").GetBoolean());
        var file = await File.ReadAllTextAsync(Path.Combine(bots, "demo.yaml"));
        Assert.Contains("aiPublished: false         # false: the AI stops picking up new conversations", file, StringComparison.Ordinal);
        Assert.StartsWith("# Handover settings of the bot \"demo\"", file, StringComparison.Ordinal);
        var id = (await app.ShopperSaysAsync("ai-off", "How long does standard shipping take?")).ConversationId;
        var conversation = await ReadAsync(await admin.GetAsync($"/api/conversations/{id}"));
        Assert.NotEqual("ai", conversation.GetProperty("controller").GetString());
        var draft = await ReadAsync(await admin.GetAsync($"{Bot}/draft"));
        Assert.False(draft.GetProperty("settings").GetProperty("aiPublished").GetBoolean());
        Assert.Equal("90s", draft.GetProperty("settings").GetProperty("pickupTimeout").GetString());

        Assert.True((await ReadAsync(await admin.PutAsJsonAsync($"{Bot}/ai-published", new { published = true }))).GetProperty("settings").GetProperty("aiPublished").GetBoolean());
    }

    [Fact]
    public async Task AiPublished_BadInput_ProblemDetails()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.Client("admin");

        await ProblemAsync(await admin.PutAsJsonAsync($"{Bot}/ai-published", new { }), HttpStatusCode.BadRequest);
        await ProblemAsync(await admin.PutAsync($"{Bot}/ai-published", new StringContent("yes", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await ProblemAsync(await admin.PutAsync($"{Bot}/ai-published", new StringContent("", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SignedInAdmin_CookieWritesNeedTheAntiforgeryHeader()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = await InboxClient.SignedInAsync(app, "admin");
        var form = await FormAsync(admin.Http);

        await ProblemAsync(await admin.SendAsync(HttpMethod.Put, $"{Bot}/draft", form.ToJsonString(), withAntiforgery: false), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.GetAsync($"{Bot}/draft")).StatusCode);

        await ReadAsync(await admin.SendAsync(HttpMethod.Put, $"{Bot}/draft", form.ToJsonString()));
        await ReadAsync(await admin.SendAsync(HttpMethod.Post, $"{Bot}/draft/publish"));
    }

    [Fact]
    public async Task DryRun_FrustrationScenarioOfTheDraft_FiresOnAnUpsetShopper()
    {
        await using var app = await TestApp.StartAsync();

        var result = await ReadAsync(await app.Client("admin").PostAsJsonAsync($"{Bot}/dry-run", new
        {
            transcript = new[] { "Where is my parcel?", "This is ridiculous, worst service ever, I am furious!!!" },
            settings = "scenarios:\n  - name: Upset shoppers\n    frustration: true\nactions:\n  - type: tags\n    tags: [upset]\n",
        }));

        var turns = result.GetProperty("turns");
        Assert.Equal("ai_answers", turns[0].GetProperty("outcome").GetString());
        Assert.Equal(("handed_over", "Upset shoppers"), (turns[1].GetProperty("outcome").GetString(), turns[1].GetProperty("rule").GetString()));
        Assert.Equal("tag upset", turns[1].GetProperty("actions")[0].GetString());
    }

    [Fact]
    public async Task FrustrationScenarioInTheFile_HandsOverAnUpsetShopper()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.Client("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"{Bot}/settings",
            new StringContent("scenarios:\n  - name: Upset shoppers\n    frustration: true\n", Encoding.UTF8, "application/yaml"))).StatusCode);

        var id = (await app.ShopperSaysAsync("upset", "This is ridiculous, worst service ever, I am furious!!!")).ConversationId;

        var conversation = await ReadAsync(await admin.GetAsync($"/api/conversations/{id}"));
        Assert.Equal("waiting", conversation.GetProperty("controller").GetString());
        Assert.Contains("Upset shoppers", conversation.GetRawText(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.Agents;

public class AgentApiTests
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("title", out _));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Conversation_FullLifecycleOverTheApi_StateAndMessagesAsExpected(Store store)
    {
        await using var app = await TestApp.StartAsync(store);
        var alice = app.Client("alice");
        var bob = app.Client("bob");
        var id = (await app.ShopperSaysAsync("dl-api", "human please")).ConversationId;

        var waiting = await JsonAsync(await alice.GetAsync($"/api/conversations/{id}"));
        Assert.Equal(("open", "waiting"), (waiting.GetProperty("status").GetString(), waiting.GetProperty("controller").GetString()));
        Assert.Equal("contact_request", waiting.GetProperty("handoverReason").GetProperty("trigger").GetString());

        var list = await JsonAsync(await bob.GetAsync("/api/conversations?view=waiting"));
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetString() == id);

        var claimed = await alice.PostAsync($"/api/conversations/{id}/claim", null);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal("alice", (await JsonAsync(claimed)).GetProperty("agent").GetString());

        var lost = await bob.PostAsync($"/api/conversations/{id}/claim", null);
        await AssertProblemAsync(lost, HttpStatusCode.Conflict);
        var conflict = await JsonAsync(lost);
        Assert.Equal(("already_claimed", "human", "alice"), (conflict.GetProperty("code").GetString(), conflict.GetProperty("controller").GetString(), conflict.GetProperty("agent").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = "Hi, I'm here." })).StatusCode);
        await AssertProblemAsync(await bob.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = "me too" }), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsJsonAsync($"/api/conversations/{id}/messages", new { text = "note to self", @internal = true })).StatusCode);

        var mine = await JsonAsync(await alice.GetAsync("/api/conversations?view=mine"));
        Assert.Contains(mine.EnumerateArray(), c => c.GetProperty("id").GetString() == id);

        var transferred = await alice.PostAsJsonAsync($"/api/conversations/{id}/transfer", new { toAgent = "bob", note = "VIP" });
        Assert.Equal("bob", (await JsonAsync(transferred)).GetProperty("agent").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"/api/conversations/{id}/give-back", null)).StatusCode);
        var resolved = await JsonAsync(await bob.PostAsync($"/api/conversations/{id}/resolve", null));
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());

        var messages = resolved.GetProperty("messages").EnumerateArray().ToList();
        Assert.Contains(messages, m => m.GetProperty("role").GetString() == "human" && m.GetProperty("agent").GetString() == "alice" && !m.GetProperty("internal").GetBoolean());
        Assert.Contains(messages, m => m.GetProperty("internal").GetBoolean() && m.GetProperty("text").GetString() == "VIP");
        Assert.Contains(messages, m => m.GetProperty("role").GetString() == "system");
        Assert.All(messages.Where(m => m.GetProperty("role").GetString() != "shopper" && !m.GetProperty("internal").GetBoolean()),
            m => Assert.NotNull(m.GetProperty("deliveryStatus").GetString()));
        var verbs = resolved.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("verb").GetString()).ToList();
        Assert.Equal(["Started", "HandedOver", "Claimed", "Transferred", "GivenBack", "Resolved"], verbs);
    }

    [Fact]
    public async Task List_FiltersByChannelAndAddress()
    {
        await using var app = await TestApp.StartAsync();
        var id = (await app.ShopperSaysAsync("dl-find-me", "hello")).ConversationId;
        await app.ShopperSaysAsync("dl-other", "hello");

        var found = await JsonAsync(await app.Client("bob").GetAsync("/api/conversations?view=all&channel=webchat&address=dl-find-me"));

        Assert.Equal(id, Assert.Single(found.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Presence_SetOnlineOrOffline_Persists()
    {
        await using var app = await TestApp.StartAsync();
        var carol = app.Client("carol");

        var online = await JsonAsync(await carol.PutAsJsonAsync("/api/agents/me/presence", new { online = true }));
        Assert.True(online.GetProperty("online").GetBoolean());

        var agents = await JsonAsync(await app.Client("alice").GetAsync("/api/agents"));
        Assert.True(agents.EnumerateArray().Single(a => a.GetProperty("id").GetString() == "carol").GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task Routes_WithoutOrWithBadToken_Are401ProblemDetails()
    {
        await using var app = await TestApp.StartAsync();
        using var anonymous = app.Client();
        using var forged = app.Client();
        forged.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        using var wrongScheme = app.Client();
        wrongScheme.DefaultRequestHeaders.Add("Authorization", "Basic YWxpY2U6ZGVtbw==");

        foreach (var client in new[] { anonymous, forged, wrongScheme })
        {
            await AssertProblemAsync(await client.GetAsync("/api/conversations"), HttpStatusCode.Unauthorized);
            await AssertProblemAsync(await client.PostAsync("/api/conversations/x/claim", null), HttpStatusCode.Unauthorized);
            await AssertProblemAsync(await client.PutAsJsonAsync("/api/agents/me/presence", new { online = true }), HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task BadInput_Batch_AllClear4xxProblemDetailsAndNothingStored()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.Client("alice");
        var id = (await app.ShopperSaysAsync("dl-bad", "human please")).ConversationId;
        await alice.PostAsync($"/api/conversations/{id}/claim", null);
        var before = (await JsonAsync(await alice.GetAsync($"/api/conversations/{id}"))).GetProperty("messages").GetArrayLength();

        (HttpMethod Method, string Path, string? Body, string ContentType, HttpStatusCode Expected)[] cases =
        [
            (HttpMethod.Post, $"/api/conversations/{id}/messages", "{not json", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/api/conversations/{id}/messages", "[1,2,3]", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/api/conversations/{id}/messages", "{\"text\": 42}", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/api/conversations/{id}/messages", "{\"text\": \"\"}", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/api/conversations/{id}/messages", "{}", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/api/conversations/{id}/messages", JsonSerializer.Serialize(new { text = new string('x', 4001) }), "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/api/conversations/{id}/messages", "text=hi", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType),
            (HttpMethod.Post, $"/api/conversations/{id}/messages", "hi", "text/plain", HttpStatusCode.UnsupportedMediaType),
            (HttpMethod.Post, "/api/conversations/no-such-id/messages", "{\"text\":\"hi\"}", "application/json", HttpStatusCode.NotFound),
            (HttpMethod.Post, "/api/conversations/no-such-id/claim", null, "application/json", HttpStatusCode.NotFound),
            (HttpMethod.Get, "/api/conversations/no-such-id", null, "application/json", HttpStatusCode.NotFound),
            (HttpMethod.Get, "/api/conversations?view=everything", null, "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/api/conversations/{id}/transfer", "{}", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/api/conversations/{id}/transfer", "{\"toAgent\":\"nobody\"}", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/api/conversations/{id}/transfer", "{\"toAgent\":\"bob\",\"note\":" + JsonSerializer.Serialize(new string('n', 4001)) + "}", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Put, "/api/agents/me/presence", "{}", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Put, "/api/agents/me/presence", "{\"online\":\"maybe\"}", "application/json", HttpStatusCode.BadRequest),
            (HttpMethod.Delete, $"/api/conversations/{id}", null, "application/json", HttpStatusCode.MethodNotAllowed),
            (HttpMethod.Get, "/api/nothing-here", null, "application/json", HttpStatusCode.NotFound),
        ];
        foreach (var (method, path, body, contentType, expected) in cases)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
                request.Content = new StringContent(body, Encoding.UTF8, contentType);
            var response = await alice.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{method} {path} {body?[..Math.Min(body.Length, 40)]}: expected {expected}, got {response.StatusCode}");
            await AssertProblemAsync(response, expected);
        }

        var after = await JsonAsync(await alice.GetAsync($"/api/conversations/{id}"));
        Assert.Equal(before, after.GetProperty("messages").GetArrayLength());
        Assert.Equal("alice", after.GetProperty("agent").GetString());
    }

    [Fact]
    public async Task ApiDocs_OpenApiDocumentListsTheAgentRoutes()
    {
        await using var app = await TestApp.StartAsync();
        var doc = await JsonAsync(await app.Client().GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/conversations", paths);
        Assert.Contains("/api/conversations/{id}/claim", paths);
        Assert.Contains("/api/agents/me/presence", paths);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/api/docs/index.html")).StatusCode);
    }

    [Fact]
    public async Task Healthz_AnswersWhenReady()
    {
        await using var app = await TestApp.StartAsync();
        Assert.Equal("ok", await app.Client().GetStringAsync("/healthz"));
    }
}

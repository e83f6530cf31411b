using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BotHost.Tests.Infrastructure;
using Dapper;
using Handover.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace BotHost.Tests.Agents;

/// <summary>POST /api/conversations/{id}/messages with an Idempotency-Key: a retried post is posted and sent once.</summary>
public class IdempotencyKeyTests
{
    private const string Reply = "Hi, I'm here.";

    private static async Task<string> ClaimedByAliceAsync(TestApp app, string address)
    {
        var id = (await app.ShopperSaysAsync(address, "human please")).ConversationId;
        (await app.Client("alice").PostAsync($"/api/conversations/{id}/claim", null)).EnsureSuccessStatusCode();
        return id;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string id, string? key, string text, bool isInternal = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{id}/messages") { Content = JsonContent.Create(new { text, @internal = isInternal }) };
        if (key is not null)
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static async Task<long> CountAsync(TestApp app, string sql, object parameters)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task PostMessage_SameKeyConcurrentlyAndAgain_OneMessageOneOutboxRowEveryAnswer200(Store store)
    {
        await using var app = await TestApp.StartAsync(store);
        var id = await ClaimedByAliceAsync(app, "dl-key");
        var alice = app.Client("alice");

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostAsync(alice, id, "9f1c2e1a-reply-1", Reply)));
        var later = await PostAsync(alice, id, "\"9f1c2e1a-reply-1\"", Reply); // the draft's quoted form is the same key

        Assert.All(answers.Append(later), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var conversation = JsonDocument.Parse(await later.Content.ReadAsStringAsync()).RootElement;
        Assert.Single(conversation.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == Reply);
        Assert.Equal(1, await CountAsync(app, "SELECT COUNT(*) FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.text = @Reply", new { Reply }));

        // Without a key, or with another one, it is another message.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(alice, id, null, Reply)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(alice, id, "9f1c2e1a-reply-2", Reply)).StatusCode);
        Assert.Equal(3, await CountAsync(app, "SELECT COUNT(*) FROM messages WHERE text = @Reply", new { Reply }));
    }

    [Fact]
    public async Task PostMessage_KeyReusedForAnotherMessage_Is422AndPostsNothing()
    {
        await using var app = await TestApp.StartAsync();
        var id = await ClaimedByAliceAsync(app, "dl-key");
        var alice = app.Client("alice");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(alice, id, "k-1", Reply)).StatusCode);

        await AssertProblemAsync(await PostAsync(alice, id, "k-1", "Something else"), HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(await PostAsync(alice, id, "k-1", Reply, isInternal: true), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await CountAsync(app, "SELECT COUNT(*) FROM messages WHERE text = @text", new { text = "Something else" }));
        Assert.Equal(1, await CountAsync(app, "SELECT COUNT(*) FROM messages WHERE text = @Reply", new { Reply }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData("has space")]
    public async Task PostMessage_MalformedKey_Is400AndPostsNothing(string key)
    {
        await using var app = await TestApp.StartAsync();
        var id = await ClaimedByAliceAsync(app, "dl-key");

        await AssertProblemAsync(await PostAsync(app.Client("alice"), id, key, Reply), HttpStatusCode.BadRequest);
        Assert.Equal(0, await CountAsync(app, "SELECT COUNT(*) FROM messages WHERE text = @Reply", new { Reply }));
    }

    [Fact]
    public async Task PostMessage_KeyTooLong_Is400()
    {
        await using var app = await TestApp.StartAsync();
        var id = await ClaimedByAliceAsync(app, "dl-key");
        await AssertProblemAsync(await PostAsync(app.Client("alice"), id, new string('k', 256), Reply), HttpStatusCode.BadRequest);
    }
}

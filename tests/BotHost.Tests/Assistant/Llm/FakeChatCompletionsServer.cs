using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotHost.Tests.Assistant.Llm;

/// <summary>What the fake endpoint received: path, Authorization header and the JSON body.</summary>
internal sealed record RecordedRequest(string Path, string? Authorization, JsonElement Body);

/// <summary>
/// A tiny OpenAI-compatible chat-completions server on 127.0.0.1 and a free port. It records every request and
/// answers from a script, in order: a completion, an error status, garbage, or no answer at all (a hang until the
/// client gives up). With the script used up it answers 500.
/// </summary>
internal sealed class FakeChatCompletionsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, CancellationToken, Task>> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stopping = new();

    private FakeChatCompletionsServer(WebApplication app) => _app = app;

    /// <summary>What to put in Assistant:Llm:BaseUrl.</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeChatCompletionsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeChatCompletionsServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address + "/v1";
        return server;
    }

    /// <summary>A completion whose message content is <paramref name="content"/>.</summary>
    public FakeChatCompletionsServer Replies(string content, string finishReason = "stop") => Then((http, ct) =>
        http.Response.WriteAsJsonAsync(Completion(content, finishReason), ct));

    /// <summary>The model's structured answer, as the engine's prompt asks for it.</summary>
    public FakeChatCompletionsServer Answers(string answer, bool confident = true, string? handover = null) =>
        Replies(JsonSerializer.Serialize(new { answer, confident, handover = handover is null ? null : new { reason = handover } }));

    public FakeChatCompletionsServer Fails(int status, string? retryAfter = null) => Then((http, ct) =>
    {
        http.Response.StatusCode = status;
        if (retryAfter is not null)
            http.Response.Headers.RetryAfter = retryAfter;
        return http.Response.WriteAsJsonAsync(new { error = new { message = $"scripted failure {status}", type = "server_error" } }, ct);
    });

    public FakeChatCompletionsServer SendsGarbage() => Then((http, ct) => http.Response.WriteAsync("<html>bad gateway</html>", ct));

    /// <summary>Never answers; the request ends when the client gives up or the server stops.</summary>
    public FakeChatCompletionsServer Hangs() => Then(async (_, ct) =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, which is what the test waits for.
        }
    });

    /// <summary>Waits until the fake has received <paramref name="count"/> requests in all.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_requests.Count < count)
            await _arrived.WaitAsync(timeout.Token);
    }

    public static object Completion(string content, string finishReason = "stop") => new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1_790_000_000,
        model = "fake-model-2026",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = finishReason } },
        usage = new { prompt_tokens = 120, completion_tokens = 30, total_tokens = 150 },
    };

    private FakeChatCompletionsServer Then(Func<HttpContext, CancellationToken, Task> step)
    {
        _script.Enqueue(step);
        return this;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body);
        _requests.Enqueue(new RecordedRequest(http.Request.Path, http.Request.Headers.Authorization.ToString(), body.RootElement.Clone()));
        _arrived.Release();

        using var both = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        if (_script.TryDequeue(out var step))
            await step(http, both.Token);
        else
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
        _arrived.Dispose();
    }
}

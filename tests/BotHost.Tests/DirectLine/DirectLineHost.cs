using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Channels.DirectLine;
using Handover.Persistence;
using Handover.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BotHost.Tests.DirectLine;

/// <summary>
/// A minimal real host per test: Kestrel on 127.0.0.1:0, SQLite in a temp file, the real migrator, the Direct Line
/// feature as the product registers it, a hand-moved clock and a recording core.
/// </summary>
internal sealed class DirectLineHost : IAsyncDisposable
{
    public const string Secret = "test-secret-0123456789-abcdefghijklmnop";
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly string _databaseFile;

    private DirectLineHost(WebApplication app, string databaseFile, Uri baseAddress)
    {
        _app = app;
        _databaseFile = databaseFile;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public ManualTimeProvider Clock => (ManualTimeProvider)_app.Services.GetRequiredService<TimeProvider>();

    public RecordingPipeline Pipeline => _app.Services.GetRequiredService<RecordingPipeline>();

    public IServiceProvider Services => _app.Services;

    public static async Task<DirectLineHost> StartAsync(Dictionary<string, string?>? settings = null, string environment = "Testing")
    {
        var databaseFile = Path.Combine(Path.GetTempPath(), $"directline-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?> { ["DirectLine:Secret"] = Secret });

        builder.Services.AddSingleton<TimeProvider>(new ManualTimeProvider(Start));
        builder.Services.AddSingleton(Database.FromConnectionString($"Data Source={databaseFile}"));
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddSingleton<RecordingPipeline>();
        builder.Services.AddSingleton<IInboundPipeline>(provider => provider.GetRequiredService<RecordingPipeline>());
        builder.AddDirectLine();

        var app = builder.Build();
        try
        {
            app.UseWebSockets();
            app.UseCors();
            app.UseRateLimiter();
            app.MapDirectLine();
            await app.Services.GetRequiredService<Migrator>().MigrateAsync();
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            File.Delete(databaseFile);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DirectLineHost(app, databaseFile, new Uri(address));
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer = null, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        return await Http.SendAsync(request);
    }

    /// <summary>Starts a conversation as Web Chat does after getting a token from the shop's server.</summary>
    public async Task<Started> StartConversationAsync()
    {
        using var generated = await SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", Secret);
        Assert.Equal(200, (int)generated.StatusCode);
        var token = (await ReadJsonAsync(generated)).GetProperty("token").GetString()!;

        using var started = await SendAsync(HttpMethod.Post, "/v3/directline/conversations", token, "{\"user\":{},\"locale\":\"en-US\"}");
        Assert.Equal(201, (int)started.StatusCode);
        var body = await ReadJsonAsync(started);
        return new Started(
            body.GetProperty("conversationId").GetString()!,
            body.GetProperty("token").GetString()!,
            body.GetProperty("streamUrl").GetString()!);
    }

    public async Task<string> PostMessageAsync(Started conversation, string text, string? clientActivityId = null)
    {
        var activity = new Dictionary<string, object?>
        {
            ["type"] = "message",
            ["text"] = text,
            ["from"] = new { id = "someone-else", name = "Shopper", role = "user" },
            ["channelData"] = clientActivityId is null ? null : new { clientActivityID = clientActivityId },
        };
        using var response = await SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{conversation.Id}/activities",
            conversation.Token, JsonSerializer.Serialize(activity));
        Assert.Equal(200, (int)response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> GetActivitiesAsync(Started conversation, string? watermark = null)
    {
        var query = watermark is null ? "" : $"?watermark={watermark}";
        using var response = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}/activities{query}", conversation.Token);
        Assert.Equal(200, (int)response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public static async Task<ClientWebSocket> ConnectAsync(string streamUrl)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri(streamUrl), timeout.Token);
        return socket;
    }

    /// <summary>The next text frame as JSON, or null when the server closed the socket.</summary>
    public static async Task<JsonElement?> ReceiveAsync(WebSocket socket)
    {
        // A bound so a broken test fails instead of hanging; nothing waits for it to pass.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var frame = await socket.ReceiveAsync(buffer, timeout.Token);
            if (frame.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                return null;
            }
            message.Write(buffer, 0, frame.Count);
            if (frame.EndOfMessage)
                return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
        }
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_databaseFile);
        File.Delete(_databaseFile + "-wal");
        File.Delete(_databaseFile + "-shm");
    }

    internal sealed record Started(string Id, string Token, string StreamUrl);
}

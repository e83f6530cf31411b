using System.Net.Http.Headers;
using Handover.Messages;
using Handover.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Testing;

namespace BotHost.Tests.Infrastructure;

public enum Store
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real host (Program.Build) in demo mode on 127.0.0.1 and a free port, on a fresh SQLite file or
/// PostgreSQL database. Tests talk to it over real HTTP; only the network edge may be swapped.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _directory;

    private TestApp(WebApplication app, TempDirectory directory, Uri baseAddress)
    {
        _app = app;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(
        Store store = Store.Sqlite, Dictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? customize = null)
    {
        var directory = new TempDirectory();
        var connectionString = store == Store.Postgres
            ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync()
            : $"Data Source={Path.Combine(directory.Path, "handover.db")}";
        return await StartAsync(directory, connectionString, settings, customize);
    }

    /// <summary>A second node on the database <paramref name="first"/> uses: two hosts behind one load balancer.</summary>
    public static Task<TestApp> StartSecondNodeAsync(TestApp first, Dictionary<string, string?>? settings = null) =>
        StartAsync(new TempDirectory(), first.ConnectionString, settings, customize: null);

    public string ConnectionString { get; private set; } = "";

    private static async Task<TestApp> StartAsync(
        TempDirectory directory, string connectionString, Dictionary<string, string?>? settings, Action<WebApplicationBuilder>? customize)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--environment", "Testing",
            "--contentRoot", AppContext.BaseDirectory,
            "--Demo:Enabled", "true",
            "--ConnectionStrings:Handover", connectionString,
            "--Logging:LogLevel:Default", "Warning",
            "--BotFiles:ConfigDirectory", Path.Combine(directory.Path, "bots"),
        };
        foreach (var (key, value) in settings ?? [])
            args.AddRange([$"--{key}", value ?? ""]);

        var app = Program.Build([.. args], customize);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(app, directory, new Uri(address)) { ConnectionString = connectionString };
    }

    /// <summary>An HTTP client signed in as a demo agent (alice, bob, carol, admin), or anonymous.</summary>
    public HttpClient Client(string? agent = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (agent is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"demo-{agent}");
        return client;
    }

    /// <summary>A shopper's message straight into the core, as a channel would hand it over.</summary>
    public Task<InboundResult> ShopperSaysAsync(string address, string text, string? providerId = null) =>
        Services.GetRequiredService<IInboundPipeline>().AcceptAsync(
            new InboundMessage("demo", "webchat", address, providerId ?? Guid.NewGuid().ToString("N"), "shopper-" + address, "Sam", text), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}

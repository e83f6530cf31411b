using Dapper;
using Handover.Agents;
using Handover.Assistant;
using Handover.Messages;
using Handover.Outbox;
using Handover.Persistence;
using Handover.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Testing;

namespace Handover.Tests.Infrastructure;

/// <summary>
/// The real core (stores, pipeline, commands, outbox) on a fresh SQLite file or PostgreSQL database, with a
/// manual clock and a recording sender at the channel edge. The outbox is drained by the test, not a thread.
/// </summary>
public sealed class CoreHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TempDirectory? _directory;
    private readonly string _connectionString;

    private CoreHarness(ServiceProvider services, TempDirectory? directory, string connectionString)
    {
        _services = services;
        _directory = directory;
        _connectionString = connectionString;
    }

    public ManualTimeProvider Time => (ManualTimeProvider)_services.GetRequiredService<TimeProvider>();
    public Database Database => _services.GetRequiredService<Database>();
    public IInboundPipeline Pipeline => _services.GetRequiredService<IInboundPipeline>();
    public ConversationCommands Commands => _services.GetRequiredService<ConversationCommands>();
    public AgentStore Agents => _services.GetRequiredService<AgentStore>();
    public OutboxStore Outbox => _services.GetRequiredService<OutboxStore>();
    public RecordingSender Sender => _services.GetRequiredService<RecordingSender>();
    public OutboxWorker Worker => _services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<OutboxWorker>().Single();

    /// <summary>The channel of the recording agent-side sender (<see cref="MirrorSender"/>).</summary>
    public const string MirrorChannel = "mirror";

    public RecordingSender MirrorSender => _services.GetServices<IChannelSender>().OfType<RecordingSender>().Single(s => s.Channel == MirrorChannel);

    public IServiceProvider Services => _services;

    /// <param name="configure">More services; gets the connection string of the test's database.</param>
    public static async Task<CoreHarness> StartAsync(Store store, Dictionary<string, string?>? settings = null, Action<IServiceCollection, string>? configure = null)
    {
        var (connectionString, directory) = await Stores.FreshAsync(store);
        var provider = Build(connectionString, settings, configure);
        await provider.GetRequiredService<Migrator>().MigrateAsync();

        var harness = new CoreHarness(provider, directory, connectionString);
        foreach (var (id, online) in new[] { ("alice", true), ("bob", true), ("carol", false), ("dave", true), ("erin", true) })
            await harness.Agents.UpsertAsync(new Agent(id, char.ToUpperInvariant(id[0]) + id[1..], AgentRole.Agent, online), null, null);
        await harness.Agents.UpsertAsync(new Agent("admin", "Admin", AgentRole.Admin, true), null, null);
        return harness;
    }

    /// <summary>Another node on this harness's database: its own services, memory and clock. Dispose it before this one.</summary>
    public CoreHarness SecondNode(Dictionary<string, string?>? settings = null, Action<IServiceCollection, string>? configure = null) =>
        new(Build(_connectionString, settings, configure), null, _connectionString);

    private static ServiceProvider Build(string connectionString, Dictionary<string, string?>? settings, Action<IServiceCollection, string>? configure)
    {
        // The worker's tests drive it by hand (DrainAsync) on a manual clock; sending after commit runs in the background,
        // so it is off unless a test turns it on (AfterCommitDeliveryTests), and then the test starts it itself.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Outbox:SendAfterCommit"] = "false" })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddSingleton(new RecordingSender());
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<RecordingSender>());
        services.AddSingleton<IChannelSender>(new RecordingSender(MirrorChannel));
        services.AddSingleton<IAnswerEngine, ShopAnswers>();
        services.AddHandoverCore(configuration, connectionString);
        configure?.Invoke(services, connectionString);
        return services.BuildServiceProvider();
    }

    public async Task<Handover.Conversations.Conversation> ConversationAsync(string id)
    {
        await using var connection = await Database.OpenAsync();
        return (await _services.GetRequiredService<Handover.Conversations.ConversationStore>().GetAsync(connection, id))!;
    }

    public async Task<IReadOnlyList<StoredMessage>> MessagesAsync(string conversationId)
    {
        await using var connection = await Database.OpenAsync();
        return await _services.GetRequiredService<MessageStore>().ListAsync(connection, conversationId);
    }

    public async Task<IReadOnlyList<Handover.Conversations.ConversationEvent>> EventsAsync(string conversationId)
    {
        await using var connection = await Database.OpenAsync();
        return await _services.GetRequiredService<Handover.Conversations.ConversationStore>().EventsAsync(connection, conversationId);
    }

    public async Task<Agent> AgentAsync(string id) => (await Agents.GetAsync(id))!;

    private int _sequence;

    /// <summary>A shopper's web chat message at <paramref name="address"/>, with a fresh provider id unless given.</summary>
    public Task<InboundResult> ShopperSaysAsync(string address, string text, string? providerId = null) =>
        Pipeline.AcceptAsync(new InboundMessage("demo", "webchat", address, providerId ?? $"p-{Interlocked.Increment(ref _sequence)}", "shopper-" + address, "Sam", text), CancellationToken.None);

    public async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>Drains the outbox until nothing due is left.</summary>
    public async Task DrainAsync()
    {
        while (await Worker.DrainOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _directory?.Dispose();
    }
}

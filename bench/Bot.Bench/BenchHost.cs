using Handover.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Testing;

namespace Bot.Bench;

/// <summary>
/// The real host (Program.Build) in Release, demo mode, on loopback and a free port, on a fresh SQLite file or a fresh
/// PostgreSQL database, logging warnings only. The only change to it: timing decorators around the pipeline, the
/// answer engine and the channel senders (<see cref="StageTimings"/>).
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string Secret = "bench-directline-secret-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly TempDirectory _directory;

    private BenchHost(WebApplication app, TempDirectory directory, Uri baseAddress, string database, StageTimings stages)
    {
        _app = app;
        Stages = stages;
        _directory = directory;
        BaseAddress = baseAddress;
        DatabaseDescription = database;
    }

    public Uri BaseAddress { get; }

    public string DatabaseDescription { get; }

    public StageTimings Stages { get; }

    public Database Database => _app.Services.GetRequiredService<Database>();

    /// <summary>The PostgreSQL server's main process if it runs on this machine (the parent of our backend), else null.</summary>
    public async Task<int?> FindPostmasterAsync()
    {
        if (!Database.IsPostgres)
            return null;
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_backend_pid()";
        var backend = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var status = $"/proc/{backend}/status";
        if (!File.Exists(status))
            return null;
        var ppid = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
        return ppid is null ? null : int.Parse(ppid["PPid:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<BenchHost> StartAsync(BenchOptions options, IReadOnlyList<string>? extraArgs = null)
    {
        var directory = new TempDirectory("bot-bench-");
        string connectionString;
        string description;
        if (options.Store == StoreKind.Postgres)
        {
            if (options.PostgresConnectionString is { } existing)
                Environment.SetEnvironmentVariable(PostgresServer.ExistingServerVariable, existing);
            var server = await PostgresServer.SharedAsync();
            connectionString = await server.CreateDatabaseAsync();
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            description = $"PostgreSQL at {settings.Host}:{settings.Port}, fresh database {settings.Database}" +
                (options.PostgresConnectionString is null ? " (throwaway server: fsync, synchronous_commit, full_page_writes off)" : "");
        }
        else
        {
            var file = Path.Combine(directory.Path, "handover.db");
            connectionString = $"Data Source={file}";
            description = $"SQLite, fresh file {file} (WAL, synchronous=NORMAL)";
        }

        var stages = new StageTimings();
        var app = Program.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--environment", "Testing",
                "--contentRoot", AppContext.BaseDirectory,
                "--Demo:Enabled", "true",
                "--DirectLine:Secret", Secret,
                "--ConnectionStrings:Handover", connectionString,
                "--Logging:LogLevel:Default", "Warning",
                "--Logging:LogLevel:Microsoft.AspNetCore", "Warning",
                // The bench measures the AI-answered path: no bot file (so no demo handover actions), and shoppers
                // who ask one shop question after another never count as "asking again" (T3).
                "--BotFiles:ConfigDirectory", Path.Combine(Path.GetTempPath(), "bot-bench-no-bot-files"),
                "--Bots:demo:FailedAttemptLimit", "1000000",
                .. extraArgs ?? [],
            ],
            builder => stages.Decorate(builder.Services));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchHost(app, directory, new Uri(address), description, stages);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}

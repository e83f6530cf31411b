using Handover;
using Handover.Persistence;

namespace BotHost.Hosting;

internal static class StorageSetup
{
    /// <summary>The embedded default: a SQLite file under ./data. A connection string with "Host=" selects PostgreSQL.</summary>
    public const string DefaultConnectionString = "Data Source=data/handover.db";

    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Handover");
        if (string.IsNullOrWhiteSpace(connectionString))
            connectionString = DefaultConnectionString;

        // First of all hosted services (they start in order), so the schema is in place before any other starts.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrateOnStart>());
        builder.Services.AddHandoverCore(builder.Configuration, connectionString);
        return builder;
    }

    private sealed class MigrateOnStart(Migrator migrator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

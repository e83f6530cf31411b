using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Handover.Persistence;

/// <summary>
/// A module's schema scripts: embedded resources named "NNN_name.sqlite.sql" / "NNN_name.postgres.sql" in
/// <see cref="Assembly"/> whose resource names start with <see cref="ResourcePrefix"/> (e.g.
/// "Channels.DirectLine.Migrations."). Each module (the core, each channel) owns its tables and registers one source.
/// </summary>
public sealed record MigrationSource(string Module, Assembly Assembly, string ResourcePrefix);

/// <summary>Applies every module's pending scripts at start-up, in order, each in its own transaction.</summary>
public sealed class Migrator(Database database, IEnumerable<MigrationSource> sources, ILogger<Migrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.IsPostgres)
        {
            // Several nodes may start at once: one migrates, the others wait for it.
            await connection.ExecuteAsync("SELECT pg_advisory_lock(72707369)");
        }
        try
        {
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (module, version))");
            foreach (var source in sources)
                await MigrateModuleAsync(connection, source, cancellationToken);
        }
        finally
        {
            if (database.IsPostgres)
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(72707369)");
        }
    }

    private async Task MigrateModuleAsync(System.Data.Common.DbConnection connection, MigrationSource source, CancellationToken cancellationToken)
    {
        var applied = (await connection.QueryAsync<long>(
            "SELECT version FROM schema_migrations WHERE module = @Module", new { source.Module })).ToHashSet();
        var suffix = database.IsPostgres ? ".postgres.sql" : ".sqlite.sql";
        var scripts = source.Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(source.ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal))
            .Select(name => (Name: name, Script: ScriptName(name, suffix)))
            .OrderBy(s => s.Script.Version)
            .ToList();
        // Two scripts with one number (two branches that each took the next free one) would apply one and fail on the
        // other's record half-way through a start; refuse before anything runs, naming both.
        if (scripts.GroupBy(s => s.Script.Version).FirstOrDefault(g => g.Count() > 1) is { } clash)
            throw new InvalidOperationException(
                $"Module '{source.Module}' has two migrations numbered {clash.Key:000}: {string.Join(" and ", clash.Select(s => s.Name))}. Renumber one.");
        foreach (var (resource, script) in scripts)
        {
            if (applied.Contains(script.Version))
                continue;
            await using var stream = source.Assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var sql = await reader.ReadToEndAsync(cancellationToken);
            await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
            await connection.ExecuteAsync(sql, transaction: tx);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (module, version, name) VALUES (@Module, @Version, @Name)",
                new { source.Module, script.Version, script.Name }, tx);
            await tx.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Module}/{Version:000}_{Name}", source.Module, script.Version, script.Name);
        }
    }

    // "Handover.Persistence.Migrations.001_initial.sqlite.sql" -> (1, "initial")
    private static (long Version, string Name) ScriptName(string resource, string suffix)
    {
        var withoutSuffix = resource[..^suffix.Length];
        var file = withoutSuffix[(withoutSuffix.LastIndexOf('.') + 1)..];
        var underscore = file.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !long.TryParse(file[..underscore].TrimStart('_'), out var version))
            throw new InvalidOperationException($"Migration resource '{resource}' is not named NNN_name{suffix}.");
        return (version, file[(underscore + 1)..]);
    }
}

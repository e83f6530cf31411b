using Handover.Persistence;

namespace BotHost.Hosting;

internal static class HealthEndpoints
{
    /// <summary>GET /healthz answers 200 once the host is started and its database answers.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (Database database, CancellationToken ct) =>
        {
            await using var connection = await database.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return Results.Text("ok");
        }).ExcludeFromDescription();
        return endpoints;
    }
}

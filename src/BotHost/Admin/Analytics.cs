using Dapper;
using Handover.Persistence;
using Handover.Settings;

namespace BotHost.Admin;

/// <summary>
/// L12: GET /api/analytics?from=&amp;to= over conversations started in [from, to): AI resolutions (resolved and never
/// handed over: one handover is enough to never count) against handed-over ones, handovers by trigger and rule, the
/// median time from a handover to the first human reply, and the share claimed within the bot's pickup timeout.
/// </summary>
internal static class Analytics
{
    public static void MapAnalytics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/analytics", async (DateTimeOffset? from, DateTimeOffset? to, Database database, BotConfigCatalog bots, TimeProvider time, CancellationToken ct) =>
        {
            var end = to ?? time.GetUtcNow();
            var start = from ?? end.AddDays(-30);
            if (start >= end)
                return Results.Problem(statusCode: 400, title: "The request is not valid.", detail: "'from' must be before 'to'.");
            var range = new { start = start.ToUnixTimeMilliseconds(), end = end.ToUnixTimeMilliseconds() };
            await using var connection = await database.OpenAsync(ct);
            var aiResolutions = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM conversations WHERE created_at >= @start AND created_at < @end AND status = 'resolved' AND ever_handed_over = 0", range);
            var handedOver = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM conversations WHERE created_at >= @start AND created_at < @end AND ever_handed_over = 1", range);
            var byTrigger = await connection.QueryAsync<(string? Trigger, string? Rule, long Count)>("""
                SELECT e.reason_trigger, e.reason_rule, COUNT(*) FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id
                WHERE e.verb = 'HandedOver' AND c.created_at >= @start AND c.created_at < @end
                GROUP BY e.reason_trigger, e.reason_rule ORDER BY COUNT(*) DESC
                """, range);
            var handovers = (await connection.QueryAsync<(string ConversationId, string BotId, long At, string To, long? FirstReply, long? Claimed)>("""
                SELECT e.conversation_id, c.bot_id, e.at, e.to_state,
                    (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = e.conversation_id AND m.role = 'human' AND m.internal = 0 AND m.created_at >= e.at),
                    (SELECT MIN(x.at) FROM conversation_events x WHERE x.conversation_id = e.conversation_id AND x.verb = 'Claimed' AND x.id > e.id)
                FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id
                WHERE e.verb = 'HandedOver' AND c.created_at >= @start AND c.created_at < @end
                """, range)).ToList();
            var replyTimes = handovers.Where(h => h.FirstReply is not null).Select(h => (double)(h.FirstReply!.Value - h.At) / 1000).Order().ToList();
            var queued = handovers.Where(h => h.To.EndsWith("/Waiting", StringComparison.Ordinal)).ToList();
            var pickedUp = queued.Count(h => h.Claimed is { } claimed &&
                claimed - h.At <= (long)Durations.Parse(bots.For(h.BotId).PickupTimeout, TimeSpan.FromSeconds(120)).TotalMilliseconds);
            return Results.Ok(new
            {
                from = start,
                to = end,
                aiResolutions,
                handedOver,
                handoversByTrigger = byTrigger.Select(t => new { trigger = t.Trigger, rule = t.Rule, count = t.Count }),
                medianSecondsToFirstHumanReply = replyTimes.Count == 0 ? (double?)null : Median(replyTimes),
                pickedUpWithinTimeoutShare = queued.Count == 0 ? (double?)null : (double)pickedUp / queued.Count,
            });
        }).RequireAuthorization(HandoverAdminSetup.AdminPolicy).WithTags("Admin").WithSummary("Handover analytics for conversations started in [from, to).");
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

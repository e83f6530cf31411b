using Dapper;
using Handover.Persistence;

namespace Bot.Bench;

/// <summary>
/// Correctness under load, checked after the drain: every accepted post stored once, answered once by the AI, the
/// answer delivered once to the Direct Line log and once over the WebSocket, the outbox empty.
/// </summary>
internal static class Verification
{
    public static async Task<IReadOnlyList<Check>> RunAsync(Database database, IReadOnlyList<Shopper> shoppers)
    {
        await using var connection = await database.OpenAsync();
        async Task<long> Count(string sql) => await connection.ExecuteScalarAsync<long>(sql);

        var accepted = shoppers.Sum(s => (long)s.Accepted);
        var shopperMessages = await Count("SELECT COUNT(*) FROM messages WHERE role = 'shopper'");
        var aiMessages = await Count("SELECT COUNT(*) FROM messages WHERE role = 'ai'");
        var otherMessages = await Count("SELECT COUNT(*) FROM messages WHERE role NOT IN ('shopper', 'ai')");
        var unevenConversations = await Count("""
            SELECT COUNT(*) FROM (
                SELECT conversation_id FROM messages GROUP BY conversation_id
                HAVING SUM(CASE WHEN role = 'shopper' THEN 1 ELSE 0 END) <> SUM(CASE WHEN role = 'ai' THEN 1 ELSE 0 END)) uneven
            """);
        var outboxPending = await Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
        var outboxFailed = await Count("SELECT COUNT(*) FROM outbox WHERE status = 'failed'");
        var outboxSent = await Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'");
        var userActivities = await Count("SELECT COUNT(*) FROM dl_activities WHERE forward_status IS NOT NULL");
        var unforwarded = await Count("SELECT COUNT(*) FROM dl_activities WHERE forward_status IS NOT NULL AND forward_status <> 'done'");
        var botActivities = await Count("SELECT COUNT(*) FROM dl_activities WHERE forward_status IS NULL AND type = 'message'");
        var handedOver = await Count("SELECT COUNT(*) FROM conversations WHERE controller <> 'ai'");
        var replies = shoppers.Sum(s => (long)s.Replies);

        return
        [
            new("shopper messages stored = posts accepted", shopperMessages == accepted, $"{shopperMessages} / {accepted}"),
            new("user activities in the Direct Line log = posts accepted", userActivities == accepted, $"{userActivities} / {accepted}"),
            new("every user activity handed to the core", unforwarded == 0, $"{unforwarded} not done"),
            new("AI replies stored = shopper messages", aiMessages == shopperMessages, $"{aiMessages} / {shopperMessages}"),
            new("exactly one AI reply per shopper message in every conversation", unevenConversations == 0, $"{unevenConversations} conversations differ"),
            new("no handover or system message", otherMessages == 0 && handedOver == 0, $"{otherMessages} other messages, {handedOver} conversations not with the AI"),
            new("outbox drained: nothing pending, nothing failed", outboxPending == 0 && outboxFailed == 0, $"{outboxPending} pending, {outboxFailed} failed, {outboxSent} sent"),
            new("bot activities in the Direct Line log = AI replies", botActivities == aiMessages, $"{botActivities} / {aiMessages}"),
            new("replies received over the WebSockets = posts accepted", replies == accepted, $"{replies} / {accepted}"),
            new("no reply received twice, none unmatched", shoppers.Sum(s => s.DuplicateReplies + s.UnmatchedReplies) == 0,
                $"{shoppers.Sum(s => s.DuplicateReplies)} duplicates, {shoppers.Sum(s => s.UnmatchedReplies)} unmatched"),
        ];
    }

    internal sealed record Check(string Name, bool Passed, string Detail);
}

using Dapper;
using Handover.Conversations;
using Handover.Persistence;
using Handover.Pipeline;
using Handover.Settings;

namespace Handover.Actions;

/// <summary>
/// Keeps the AI quiet where the bot's settings say so: a paused conversation (A4) until the pause ends, and, when the
/// AI is unpublished (L10), new conversations go straight to the agents. History and running conversations stay.
/// </summary>
internal sealed class SettingsAiGate(Database database, BotConfigCatalog bots, TimeProvider time) : IAiGate
{
    public async Task<AiHold?> CheckAsync(Conversation conversation, bool isNew, CancellationToken cancellationToken)
    {
        if (isNew)
        {
            return bots.For(conversation.BotId).AiPublished
                ? null
                : new AiHold(new HandoverReason("ai_unpublished", null, "the AI agent is unpublished", 1.0));
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var paused = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM bot_pauses WHERE conversation_id = @id AND until_at > @now", new { id = conversation.Id, now = time.NowMs() });
        return paused > 0 ? new AiHold(null) : null;
    }
}

using Handover.Conversations;
using Handover.Pipeline;
using Handover.Settings;

namespace Handover.Actions;

/// <summary>
/// Keeps the AI quiet where the bot's settings say so: a paused conversation (A4) until the pause ends, and, when the
/// AI is unpublished (L10), new conversations go straight to the agents. History and running conversations stay.
/// </summary>
internal sealed class SettingsAiGate(BotConfigCatalog bots) : IAiGate
{
    /// <summary>Pauses still running: read with the pipeline's reads, so a paused check costs no round trip of its own.</summary>
    public string ReadSql(string conversationIdSql) =>
        $"SELECT COUNT(*) FROM bot_pauses WHERE conversation_id = {conversationIdSql} AND until_at > @now";

    public Task<AiHold?> CheckAsync(Conversation conversation, bool isNew, long read, CancellationToken cancellationToken)
    {
        if (isNew)
        {
            return Task.FromResult(bots.For(conversation.BotId).AiPublished
                ? null
                : new AiHold(new HandoverReason("ai_unpublished", null, "the AI agent is unpublished", 1.0)));
        }
        return Task.FromResult(read > 0 ? new AiHold(null) : null);
    }
}

using Channels.BotFramework;
using Dapper;
using Handover.Persistence;
using Microsoft.Extensions.Options;

namespace Channels.Teams;

/// <summary>A handover card the bot posted: its thread and the card's activity id, for updates in place.</summary>
internal sealed record TeamsCard(long HandoverEventId, string ConversationId, string ServiceUrl, string? ThreadId, string? CardActivityId);

/// <summary>What Teams told the bot (service URLs, users, personal chats) and the cards it posted.</summary>
internal sealed class TeamsStore(Database database, TimeProvider time, IOptions<TeamsOptions> options, IOptions<BotFrameworkOptions> botOptions) : IServiceUrlTrust
{
    public async Task RememberServiceUrlAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO teams_service_urls (service_url, first_seen_at, last_seen_at) VALUES (@serviceUrl, @now, @now)
            ON CONFLICT (service_url) DO UPDATE SET last_seen_at = excluded.last_seen_at
            """, new { serviceUrl = Normalize(serviceUrl), now = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    public async Task<bool> IsTrustedAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        var normalized = Normalize(serviceUrl);
        // Configured by an admin: the agents' team's Connector and the handoff hub.
        if (options.Value.ServiceUrl is { } configured && Normalize(configured.ToString()) == normalized)
            return true;
        if (botOptions.Value.HandoffHubUrl is { } hub && Normalize(hub.ToString()) == normalized)
            return true;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM teams_service_urls WHERE service_url = @normalized", new { normalized }) > 0;
    }

    public async Task RememberUserAsync(string teamsUserId, string aadObjectId, string? name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO teams_users (teams_user_id, aad_object_id, name, updated_at) VALUES (@teamsUserId, @aadObjectId, @name, @now)
            ON CONFLICT (teams_user_id) DO UPDATE SET aad_object_id = excluded.aad_object_id, name = excluded.name, updated_at = excluded.updated_at
            """, new { teamsUserId, aadObjectId, name, now = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    public async Task<string?> AadObjectIdOfAsync(string teamsUserId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT aad_object_id FROM teams_users WHERE teams_user_id = @teamsUserId", new { teamsUserId });
    }

    public async Task RememberPersonalChatAsync(string aadObjectId, TeamsAddress chat, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO teams_personal_chats (aad_object_id, service_url, conversation_id, updated_at) VALUES (@aadObjectId, @ServiceUrl, @ConversationId, @now)
            ON CONFLICT (aad_object_id) DO UPDATE SET service_url = excluded.service_url, conversation_id = excluded.conversation_id, updated_at = excluded.updated_at
            """, new { aadObjectId, chat.ServiceUrl, chat.ConversationId, now = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    public async Task<TeamsAddress?> PersonalChatAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string ServiceUrl, string ConversationId)?>(
            "SELECT service_url, conversation_id FROM teams_personal_chats WHERE aad_object_id = @aadObjectId", new { aadObjectId });
        return row is { } r ? new TeamsAddress(r.ServiceUrl, r.ConversationId) : null;
    }

    /// <summary>Claims the right to post the card of a handover event; false when it was claimed before (a redelivered event).</summary>
    public async Task<TeamsCard?> FindCardAsync(long handoverEventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TeamsCard>(
            $"SELECT {CardColumns} FROM teams_cards WHERE handover_event_id = @handoverEventId", new { handoverEventId });
    }

    public async Task SaveCardAsync(TeamsCard card, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO teams_cards (handover_event_id, conversation_id, service_url, thread_id, card_activity_id, created_at)
            VALUES (@HandoverEventId, @ConversationId, @ServiceUrl, @ThreadId, @CardActivityId, @now)
            ON CONFLICT (handover_event_id) DO UPDATE SET thread_id = excluded.thread_id, card_activity_id = excluded.card_activity_id
            """, new { card.HandoverEventId, card.ConversationId, card.ServiceUrl, card.ThreadId, card.CardActivityId, now = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    /// <summary>The live card of a conversation: the one of its latest handover.</summary>
    public async Task<TeamsCard?> LatestCardAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TeamsCard>(
            $"SELECT {CardColumns} FROM teams_cards WHERE conversation_id = @conversationId AND thread_id IS NOT NULL ORDER BY handover_event_id DESC LIMIT 1",
            new { conversationId });
    }

    /// <summary>The card whose thread a channel message was written in (Teams writes "channel;messageid=root" as thread ids).</summary>
    public async Task<TeamsCard?> CardOfThreadAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var card = await connection.QuerySingleOrDefaultAsync<TeamsCard>(
            $"SELECT {CardColumns} FROM teams_cards WHERE thread_id = @conversationId ORDER BY handover_event_id DESC LIMIT 1", new { conversationId });
        if (card is not null)
            return card;
        const string marker = ";messageid=";
        var at = conversationId.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
            return null;
        var root = conversationId[(at + marker.Length)..];
        return await connection.QuerySingleOrDefaultAsync<TeamsCard>(
            $"SELECT {CardColumns} FROM teams_cards WHERE card_activity_id = @root ORDER BY handover_event_id DESC LIMIT 1", new { root });
    }

    private const string CardColumns = """
        handover_event_id AS HandoverEventId, conversation_id AS ConversationId, service_url AS ServiceUrl, thread_id AS ThreadId, card_activity_id AS CardActivityId
        """;

    internal static string Normalize(string serviceUrl) => serviceUrl.EndsWith('/') ? serviceUrl.ToLowerInvariant() : serviceUrl.ToLowerInvariant() + "/";
}

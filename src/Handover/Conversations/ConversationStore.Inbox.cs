using System.Data.Common;
using Dapper;
using Handover.Messages;

namespace Handover.Conversations;

/// <summary>The newest message of a conversation that the shopper could see (internal notes left out).</summary>
public sealed record LastMessage(MessageRole Role, string Text, string? AgentId);

/// <summary>One row of the agent inbox: the conversation and its last visible message.</summary>
public sealed record InboxItem(Conversation Conversation, LastMessage? LastMessage);

/// <summary>How many conversations each inbox tab holds for one agent.</summary>
public sealed record InboxCounts(long Open, long Waiting, long Mine, long Resolved);

/// <summary>The agent inbox's reads: rows with their last message, text search, and the tab counts.</summary>
public sealed partial class ConversationStore
{
    private static string LastMessageOf(string column) =>
        $"(SELECT m.{column} FROM messages m WHERE m.conversation_id = conversations.id AND m.internal = 0 ORDER BY m.id DESC LIMIT 1)";

    /// <summary>
    /// The conversations of <paramref name="query"/>'s view, newest activity first, each with its last visible message;
    /// with <paramref name="search"/>, only those whose shopper name or any message contains it (case-insensitive).
    /// </summary>
    public async Task<IReadOnlyList<InboxItem>> InboxAsync(DbConnection connection, ConversationQuery query, string? search)
    {
        var where = new List<string>();
        if (ViewFilter(query.View) is { } view)
            where.Add(view);
        if (query.Channel is not null)
            where.Add("channel = @Channel");
        if (query.Address is not null)
            where.Add("address = @Address");
        if (!string.IsNullOrWhiteSpace(search))
        {
            where.Add("""
                (LOWER(COALESCE(shopper_name, '')) LIKE @Pattern ESCAPE '\' OR LOWER(shopper_id) LIKE @Pattern ESCAPE '\'
                 OR EXISTS (SELECT 1 FROM messages s WHERE s.conversation_id = conversations.id AND LOWER(s.text) LIKE @Pattern ESCAPE '\'))
                """);
        }
        var sql = $"""
            SELECT {Columns},
                {LastMessageOf("role")} AS LastRole,
                {LastMessageOf("text")} AS LastText,
                {LastMessageOf("agent_id")} AS LastAgentId
            FROM conversations
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY last_message_at DESC, id LIMIT @Limit
            """;
        var rows = await connection.QueryAsync<Row, LastRow, InboxItem>(
            sql, (row, last) => new InboxItem(row.ToConversation(), last?.ToLastMessage()),
            new { query.AgentId, query.Channel, query.Address, query.Limit, Pattern = LikePattern(search) },
            splitOn: "LastRole");
        return rows.ToList();
    }

    /// <summary>Open, waiting ("Needs you"), mine (held by <paramref name="agentId"/>) and resolved, in one pass.</summary>
    public async Task<InboxCounts> InboxCountsAsync(DbConnection connection, string agentId) =>
        await connection.QuerySingleAsync<InboxCounts>("""
            SELECT
                COALESCE(SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0) AS Open,
                COALESCE(SUM(CASE WHEN status = 'open' AND controller = 'waiting' THEN 1 ELSE 0 END), 0) AS Waiting,
                COALESCE(SUM(CASE WHEN status = 'open' AND controller = 'human' AND agent_id = @agentId THEN 1 ELSE 0 END), 0) AS Mine,
                COALESCE(SUM(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END), 0) AS Resolved
            FROM conversations
            """, new { agentId });

    private static string? ViewFilter(ConversationView view) => view switch
    {
        ConversationView.Ai => "status = 'open' AND controller = 'ai'",
        ConversationView.Waiting => "status = 'open' AND controller = 'waiting'",
        ConversationView.Mine => "status = 'open' AND controller = 'human' AND agent_id = @AgentId",
        ConversationView.Resolved => "status = 'resolved'",
        ConversationView.Open => "status = 'open'",
        _ => null,
    };

    // "50%_off" must match itself, not "50 anything off".
    private static string? LikePattern(string? search) =>
        string.IsNullOrWhiteSpace(search)
            ? null
            : "%" + search.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private sealed class LastRow
    {
        public string? LastRole { get; set; }
        public string? LastText { get; set; }
        public string? LastAgentId { get; set; }

        public LastMessage? ToLastMessage() => LastRole is null ? null : new LastMessage(MessageRoles.Parse(LastRole), LastText ?? "", LastAgentId);
    }
}

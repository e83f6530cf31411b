using System.Data.Common;
using Dapper;
using Handover.Persistence;

namespace Handover.Actions;

/// <summary>Details a shopper left through the contact form (P2), for an agent to follow up.</summary>
public sealed record Contact(long Id, string ConversationId, string? Name, string? Email, string? Phone, DateTimeOffset CreatedAt);

public sealed class ContactStore(Database database)
{
    public async Task<IReadOnlyList<Contact>> ForConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string ConversationId, string? Name, string? Email, string? Phone, long CreatedAt)>(
            "SELECT id, conversation_id, name, email, phone, created_at FROM contacts WHERE conversation_id = @conversationId ORDER BY id", new { conversationId });
        return rows.Select(r => new Contact(r.Id, r.ConversationId, r.Name, r.Email, r.Phone, Clock.FromUnixMs(r.CreatedAt))).ToList();
    }

    /// <summary>Stores the details the shopper's message <paramref name="sourceMessageId"/> completed; a second store of it changes nothing.</summary>
    internal static Task<int> InsertAsync(DbConnection connection, DbTransaction? tx, string conversationId, long sourceMessageId,
        string? name, string? email, string? phone, long nowMs) =>
        connection.ExecuteAsync("""
            INSERT INTO contacts (conversation_id, source_message_id, name, email, phone, created_at)
            VALUES (@conversationId, @sourceMessageId, @name, @email, @phone, @nowMs) ON CONFLICT DO NOTHING
            """, new { conversationId, sourceMessageId, name, email, phone, nowMs }, tx);

    /// <summary>How the details read in a message to the shopper or a note to the agents: "Jane Doe, jane@example.com".</summary>
    internal static string Describe(string? name, string? email, string? phone) =>
        string.Join(", ", new[] { name, email, phone }.Where(x => x is not null));
}

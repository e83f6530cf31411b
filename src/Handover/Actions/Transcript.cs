using System.Globalization;
using System.Text;
using Handover.Messages;
using Handover.Persistence;

namespace Handover.Actions;

/// <summary>The conversation as the shopper saw it (internal notes left out), for e-mails and helpdesk tickets.</summary>
public sealed class Transcript(Database database, MessageStore messages)
{
    public async Task<string> TextAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var text = new StringBuilder();
        foreach (var m in (await messages.ListAsync(connection, conversationId)).Where(m => !m.Internal))
        {
            var who = m.Role switch
            {
                MessageRole.Shopper => "Customer",
                MessageRole.Ai => "AI assistant",
                MessageRole.Human => m.AgentId ?? "Agent",
                _ => "System",
            };
            text.Append(CultureInfo.InvariantCulture, $"[{m.At:yyyy-MM-dd HH:mm:ss}] {who}: {m.Text}\n");
        }
        return text.ToString();
    }
}

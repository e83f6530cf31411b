using System.Data.Common;
using Handover.Conversations;
using Handover.Messages;
using Handover.Outbox;
using Handover.Persistence;
using Handover.Pipeline;

namespace Handover.Actions;

/// <summary>
/// Messages the handover machinery itself writes on a conversation (closing message, contact form, failure notes),
/// through the same transactional outbox as every other message. Idempotent per <c>key</c>: the key is stored as the
/// message's provider id, whose unique index makes a repeated post a no-op.
/// </summary>
public sealed class SystemMessages(Database database, ConversationStore conversations, MessageDelivery delivery, OutboxSignal outbox, ConversationFeed feed, TimeProvider time)
{
    /// <summary>Posts once per key; false when the conversation does not exist or the key was posted before.</summary>
    public async Task<bool> PostAsync(string conversationId, string key, string text, bool isInternal, CancellationToken cancellationToken, string? attachmentJson = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var conversation = await conversations.GetAsync(connection, conversationId);
        if (conversation is null)
            return false;
        await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
        var id = await StoreAsync(connection, tx, conversation, key, text, isInternal, attachmentJson);
        await tx.CommitAsync(cancellationToken);
        if (id is null)
            return false;
        Announce(conversationId);
        return true;
    }

    /// <summary>
    /// Stores a message in the caller's transaction, for writes that must land together with it (the contact form's
    /// state and its next question). Null when the key was posted before. After the commit, call <see cref="Announce"/>.
    /// </summary>
    public async Task<long?> StoreAsync(DbConnection connection, DbTransaction tx, Conversation conversation, string key, string text, bool isInternal, string? attachmentJson = null)
    {
        var now = time.GetUtcNow();
        var mirrors = await delivery.MirrorsAsync(connection, tx, conversation.Id);
        var message = new NewMessage(conversation.Id, MessageRole.System, text, conversation.Channel, now, Internal: isInternal,
            ProviderMessageId: "handover:" + key, DeliveryStatus: isInternal ? null : DeliveryStatus.Queued)
        {
            AttachmentJson = attachmentJson,
        };
        return await delivery.StoreAsync(connection, tx, conversation, message, mirrors, now);
    }

    /// <summary>Wakes the outbox worker and tells the inbox that the conversation changed.</summary>
    public void Announce(string conversationId)
    {
        outbox.Notify();
        feed.Publish(conversationId, eventsAppended: false); // messages only: no event to read
    }
}

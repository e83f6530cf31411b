using System.Data.Common;
using Handover.Conversations;
using Handover.Messages;
using Handover.Mirrors;
using Handover.Outbox;

namespace Handover.Pipeline;

/// <summary>
/// Stores a message of a conversation and, in the same transaction, queues it for everyone who should get it:
/// the shopper (AI, human and system messages that are not internal) and every agent-side mirror except the one
/// the message came from.
/// </summary>
public sealed class MessageDelivery(MessageStore messages, OutboxStore outbox, MirrorStore mirrors)
{
    /// <summary>The mirrors of a conversation, read once per transaction.</summary>
    public Task<IReadOnlyList<Mirror>> MirrorsAsync(DbConnection connection, DbTransaction tx, string conversationId) =>
        mirrors.ListAsync(connection, conversationId, tx);

    /// <summary>
    /// Stores and queues <paramref name="message"/>; null when it was a duplicate inbound message (nothing queued). With
    /// <paramref name="claims"/>, rows that can go at once are born claimed, to be sent after the commit.
    /// </summary>
    public async Task<long?> StoreAsync(
        DbConnection connection, DbTransaction tx, Conversation conversation, NewMessage message, IReadOnlyList<Mirror> mirrorList,
        DateTimeOffset now, Mirror? origin = null, TurnClaims? claims = null)
    {
        var id = await messages.TryInsertAsync(connection, tx, message);
        if (id is null)
            return null;
        if (message.Role != MessageRole.Shopper && !message.Internal)
            await EnqueueAsync(id.Value, conversation.Channel, conversation.Address, toShopper: true);
        foreach (var mirror in mirrorList)
        {
            if (mirror != origin)
                await EnqueueAsync(id.Value, mirror.Channel, mirror.Address, toShopper: false);
        }
        return id;

        Task EnqueueAsync(long messageId, string channel, string address, bool toShopper) => claims is null
            ? outbox.EnqueueAsync(connection, tx, messageId, conversation.Id, channel, address, now, toShopper)
            : outbox.EnqueueClaimingAsync(connection, tx, messageId, conversation.Id, channel, address, now, toShopper, claims);
    }
}

using Handover.Conversations;

namespace Handover.Events;

/// <summary>
/// A durable subscriber of conversation transitions (handed over, claimed, resolved ...): notifications to agents,
/// handover actions, helpdesk tickets. Each handler reads the event log from its own cursor, at least once and in
/// order, so <see cref="HandleAsync"/> must be idempotent per <see cref="ConversationEvent.Id"/>.
/// </summary>
public interface IConversationEventHandler
{
    /// <summary>A stable name: the key of this handler's cursor.</summary>
    string Name { get; }

    Task HandleAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken);
}

namespace Handover.Conversations;

/// <summary>A committed change of a conversation. <see cref="EventsAppended"/>: it wrote to the event log too.</summary>
public readonly record struct ConversationChange(string ConversationId, bool EventsAppended);

/// <summary>
/// In-process notice that a conversation changed (new message or new state), after the change committed.
/// Live views (the inbox over SignalR, tests) subscribe; they read the new state from the database. Readers of the
/// event log look at <see cref="ConversationChange.EventsAppended"/>: most changes are a shopper's message and the
/// AI's answer, which write no event, and reading the log for each of them would cost a query per message for nothing.
/// </summary>
public sealed class ConversationFeed
{
    public event Action<ConversationChange>? Changed;

    public void Publish(string conversationId, bool eventsAppended = true) =>
        Changed?.Invoke(new ConversationChange(conversationId, eventsAppended));
}

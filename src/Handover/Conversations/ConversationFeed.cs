namespace Handover.Conversations;

/// <summary>
/// In-process notice that a conversation changed (new message or new state), after the change committed.
/// Live views (the inbox over SignalR, tests) subscribe; they read the new state from the database.
/// </summary>
public sealed class ConversationFeed
{
    public event Action<string>? Changed;

    public void Publish(string conversationId) => Changed?.Invoke(conversationId);
}

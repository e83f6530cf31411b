namespace Handover.Conversations;

/// <summary>The inbox views: everything, AI-driven, waiting for an agent ("Needs you"), mine, resolved, or all open.</summary>
public enum ConversationView
{
    All,
    Ai,
    Waiting,
    Mine,
    Resolved,
    Open,
}

public sealed record ConversationQuery(ConversationView View, string? AgentId = null, string? Channel = null, string? Address = null, int Limit = 200);

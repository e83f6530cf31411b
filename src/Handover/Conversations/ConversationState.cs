namespace Handover.Conversations;

public enum ConversationStatus
{
    Open,
    Resolved,
}

/// <summary>Who drives the conversation: the AI, nobody yet (handed over, "Needs you"), or one human agent.</summary>
public enum Controller
{
    Ai,
    Waiting,
    Human,
}

/// <summary>The part of a conversation the state machine decides over. <see cref="AgentId"/> is set only with <see cref="Controller.Human"/>.</summary>
public sealed record ConversationState(ConversationStatus Status, Controller Controller, string? AgentId)
{
    public static readonly ConversationState New = new(ConversationStatus.Open, Controller.Ai, null);

    public override string ToString() =>
        Controller == Controller.Human ? $"{Status}/Human({AgentId})" : $"{Status}/{Controller}";
}

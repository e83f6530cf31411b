namespace Handover.Conversations;

public enum ActorKind
{
    Shopper,
    Ai,
    Agent,
}

/// <summary>Who asks for a transition. Admins may act on conversations other agents hold.</summary>
public sealed record Actor(ActorKind Kind, string? AgentId = null, bool IsAdmin = false)
{
    public static readonly Actor Shopper = new(ActorKind.Shopper);
    public static readonly Actor Ai = new(ActorKind.Ai);

    public static Actor Agent(string agentId, bool isAdmin = false) => new(ActorKind.Agent, agentId, isAdmin);

    public string Name => Kind switch
    {
        ActorKind.Shopper => "shopper",
        ActorKind.Ai => "ai",
        _ => AgentId!,
    };
}

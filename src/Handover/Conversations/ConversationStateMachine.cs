namespace Handover.Conversations;

/// <summary>The named transitions a conversation can take, and what each one leads to.</summary>
public enum ConversationVerb
{
    Started,
    HandedOver,
    Claimed,
    Transferred,
    GivenBack,
    Resolved,
    Reopened,
    TakenOver,
    /// <summary>Semi-automate: no state change; the AI suggests a person (T7).</summary>
    EscalationSuggested,
}

/// <summary>What a verb leads to: a change, nothing to change, or a refusal that names the current state.</summary>
public abstract record TransitionResult
{
    private TransitionResult() { }

    public sealed record Changed(ConversationVerb Verb, ConversationState From, ConversationState To) : TransitionResult;

    public sealed record Unchanged(ConversationState Current) : TransitionResult;

    public sealed record Refused(string Code, string Message, ConversationState Current) : TransitionResult;
}

/// <summary>
/// Every state transition of a conversation (L2-L9), in one place. Pure functions of the current state:
/// persistence applies the result with compare-and-set, so a verb decided on a stale state is decided again.
/// Every illegal transition is refused the same way: a <see cref="TransitionResult.Refused"/> naming the state.
/// </summary>
public static class ConversationStateMachine
{
    /// <summary>A shopper wrote. A resolved conversation reopens with whoever was in charge (L7).</summary>
    public static TransitionResult ShopperWrites(ConversationState s) =>
        s.Status == ConversationStatus.Resolved
            ? Change(ConversationVerb.Reopened, s, s with { Status = ConversationStatus.Open })
            : new TransitionResult.Unchanged(s);

    /// <summary>
    /// An agent takes the conversation (L3). On an AI-driven conversation the AI stops and the agent owns it;
    /// on a resolved one this is take-over (L9).
    /// </summary>
    public static TransitionResult HandOverToAgent(ConversationState s, Actor actor)
    {
        if (actor.Kind != ActorKind.Agent)
            return Refuse("not_an_agent", "Only an agent can take a conversation over.", s);
        if (s.Status == ConversationStatus.Resolved)
            return Change(ConversationVerb.TakenOver, s, Human(actor.AgentId!));
        return s.Controller switch
        {
            Controller.Ai => Change(ConversationVerb.HandedOver, s, Human(actor.AgentId!)),
            Controller.Waiting => Refuse("already_handed_over", "The conversation is already waiting for an agent; claim it instead.", s),
            _ => Refuse("already_human", $"The conversation is already handled by {s.AgentId}.", s),
        };
    }

    /// <summary>A trigger or the shopper's own request hands the conversation to the agents' queue ("Needs you").</summary>
    public static TransitionResult HandOverToQueue(ConversationState s)
    {
        if (s.Status == ConversationStatus.Resolved)
            return Refuse("resolved", "A resolved conversation cannot be handed over.", s);
        return s.Controller == Controller.Ai
            ? Change(ConversationVerb.HandedOver, s, s with { Controller = Controller.Waiting, AgentId = null })
            : Refuse("not_ai", "Only a conversation the AI is driving can be handed over.", s);
    }

    /// <summary>An agent claims a waiting conversation (L4). Of concurrent claims, compare-and-set lets exactly one win.</summary>
    public static TransitionResult Claim(ConversationState s, Actor actor)
    {
        if (actor.Kind != ActorKind.Agent)
            return Refuse("not_an_agent", "Only an agent can claim a conversation.", s);
        if (s.Status == ConversationStatus.Resolved)
            return Refuse("resolved", "The conversation is resolved; take it over instead.", s);
        return s.Controller switch
        {
            Controller.Waiting => Change(ConversationVerb.Claimed, s, Human(actor.AgentId!)),
            Controller.Human when s.AgentId == actor.AgentId => Refuse("already_yours", "You already handle this conversation.", s),
            Controller.Human => Refuse("already_claimed", $"The conversation was already claimed by {s.AgentId}.", s),
            _ => Refuse("not_waiting", "The AI is handling this conversation; hand it over instead.", s),
        };
    }

    /// <summary>The agent in charge (or an admin) passes the conversation to another agent (L8).</summary>
    public static TransitionResult Transfer(ConversationState s, Actor actor, string toAgentId)
    {
        if (InChargeOrAdmin(s, actor) is { } refused)
            return refused;
        return toAgentId == s.AgentId
            ? Refuse("same_agent", $"The conversation is already handled by {toAgentId}.", s)
            : Change(ConversationVerb.Transferred, s, Human(toAgentId));
    }

    /// <summary>Back to the AI (L6): from the agent in charge, an admin, or any agent while nobody has claimed it.</summary>
    public static TransitionResult GiveBack(ConversationState s, Actor actor)
    {
        if (actor.Kind != ActorKind.Agent)
            return Refuse("not_an_agent", "Only an agent can give a conversation back to the AI.", s);
        if (s.Status == ConversationStatus.Resolved)
            return Refuse("resolved", "The conversation is resolved.", s);
        if (s.Controller == Controller.Ai)
            return Refuse("already_ai", "The AI is already handling this conversation.", s);
        if (s.Controller == Controller.Human && InChargeOrAdmin(s, actor) is { } refused)
            return refused;
        return Change(ConversationVerb.GivenBack, s, s with { Controller = Controller.Ai, AgentId = null });
    }

    /// <summary>Resolve (L7). A conversation a human holds is resolved by that agent or an admin.</summary>
    public static TransitionResult Resolve(ConversationState s, Actor actor)
    {
        if (actor.Kind != ActorKind.Agent)
            return Refuse("not_an_agent", "Only an agent can resolve a conversation.", s);
        if (s.Status == ConversationStatus.Resolved)
            return Refuse("already_resolved", "The conversation is already resolved.", s);
        if (s.Controller == Controller.Human && InChargeOrAdmin(s, actor) is { } refused)
            return refused;
        return Change(ConversationVerb.Resolved, s, s with { Status = ConversationStatus.Resolved });
    }

    /// <summary>The shopper closes a conversation the AI is driving ("thanks, that's all", T8).</summary>
    public static TransitionResult CloseByShopper(ConversationState s) =>
        s is { Status: ConversationStatus.Open, Controller: Controller.Ai }
            ? Change(ConversationVerb.Resolved, s, s with { Status = ConversationStatus.Resolved })
            : Refuse("not_ai", "Only a conversation the AI is driving closes on the shopper's word.", s);

    /// <summary>Whether <paramref name="actor"/> may write to the shopper now: only the agent in charge of an open conversation.</summary>
    public static TransitionResult.Refused? CanReply(ConversationState s, Actor actor)
    {
        if (actor.Kind != ActorKind.Agent)
            return Refuse("not_an_agent", "Only an agent can reply.", s);
        if (s.Status == ConversationStatus.Resolved)
            return Refuse("resolved", "The conversation is resolved; take it over to reply.", s);
        if (s.Controller != Controller.Human)
            return Refuse("not_human", "Claim or hand over the conversation before replying; the AI or the queue has it.", s);
        return s.AgentId == actor.AgentId
            ? null
            : Refuse("not_in_charge", $"The conversation is handled by {s.AgentId}.", s);
    }

    private static TransitionResult.Refused? InChargeOrAdmin(ConversationState s, Actor actor)
    {
        if (actor.Kind != ActorKind.Agent)
            return Refuse("not_an_agent", "Only an agent can do this.", s);
        if (s.Status == ConversationStatus.Resolved)
            return Refuse("resolved", "The conversation is resolved.", s);
        if (s.Controller != Controller.Human)
            return Refuse("not_human", "No agent handles this conversation.", s);
        return s.AgentId == actor.AgentId || actor.IsAdmin
            ? null
            : Refuse("not_in_charge", $"The conversation is handled by {s.AgentId}.", s);
    }

    private static ConversationState Human(string agentId) => new(ConversationStatus.Open, Controller.Human, agentId);

    private static TransitionResult.Changed Change(ConversationVerb verb, ConversationState from, ConversationState to) => new(verb, from, to);

    private static TransitionResult.Refused Refuse(string code, string message, ConversationState s) => new(code, message, s);
}

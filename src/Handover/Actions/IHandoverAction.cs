using Handover.Conversations;
using Handover.Jobs;
using Handover.Settings;

namespace Handover.Actions;

/// <summary>
/// One handover action run: the conversation as it is now, the handover event it belongs to, the step within that
/// event's actions ("2", or "2:zendesk" for one helpdesk of a ticket action), its settings and the attempt.
/// </summary>
public sealed record ActionContext(Conversation Conversation, long EventId, string Step, ActionConfig Action, BotConfig Bot, int Attempt)
{
    /// <summary>A key unique to this step of this handover: idempotency keys, provider ids of messages.</summary>
    public string RunKey => $"{EventId}:{Step}";
}

/// <summary>
/// A handover action (A1-A7): one small handler per type, idempotent per <see cref="ActionContext.RunKey"/>, because a
/// run may be repeated after a crash or a retry. <see cref="JobOutcome.Retry"/> asks for another attempt later (A8).
/// </summary>
public interface IHandoverAction
{
    /// <summary>The action type as written in bot files ("assign", "email" ...).</summary>
    string Type { get; }

    Task<JobOutcome> RunAsync(ActionContext context, CancellationToken cancellationToken);
}

/// <summary>The action handlers by type, from the one list in <see cref="ActionsSetup"/>.</summary>
public sealed class HandoverActionRegistry(IEnumerable<IHandoverAction> actions)
{
    private readonly Dictionary<string, IHandoverAction> _byType = actions.ToDictionary(a => a.Type, StringComparer.Ordinal);

    public IHandoverAction Get(string type) =>
        _byType.TryGetValue(type, out var action) ? action : throw new InvalidOperationException($"No handler for action type '{type}'.");

    public IReadOnlyCollection<string> Types => _byType.Keys;
}

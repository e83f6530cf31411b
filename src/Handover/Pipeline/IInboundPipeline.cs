using Handover.Messages;

namespace Handover.Pipeline;

/// <summary>The one way a shopper's message enters the core: dedupe, persist, route (AI turn or relay to the human).</summary>
public interface IInboundPipeline
{
    Task<InboundResult> AcceptAsync(InboundMessage message, CancellationToken cancellationToken);
}

/// <summary>Where the message landed. <see cref="Duplicate"/> is true when the provider id was seen before: nothing was done again.</summary>
public sealed record InboundResult(string ConversationId, long MessageId, bool Duplicate)
{
    /// <summary>The message's turn wrote to the event log (a handover, a reopen, an escalation).</summary>
    internal bool EventsAppended { get; init; }

    /// <summary>True when the AI drives the conversation after this turn (so no human-side form is waiting for an answer).</summary>
    public bool AiDrives { get; init; }
}

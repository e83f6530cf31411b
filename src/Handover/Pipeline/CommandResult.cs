using Handover.Conversations;

namespace Handover.Pipeline;

/// <summary>The outcome of an agent's command on a conversation.</summary>
public abstract record CommandResult
{
    private CommandResult() { }

    public sealed record Done(Conversation Conversation) : CommandResult;

    public sealed record NotFound(string ConversationId) : CommandResult;

    /// <summary>The state machine refused: illegal in the current state (409 over HTTP).</summary>
    public sealed record Refused(string Code, string Message, ConversationState Current) : CommandResult;

    /// <summary>The request itself is wrong (unknown agent, empty text ...): 400/422 over HTTP.</summary>
    public sealed record Invalid(string Message) : CommandResult;

    /// <summary>
    /// The agent's idempotency key names an earlier post with other content (another conversation, text or kind): the
    /// key was reused for a different request, and nothing was posted (422 over HTTP). A true replay is <see cref="Done"/>.
    /// </summary>
    public sealed record KeyReused(string Message) : CommandResult;
}

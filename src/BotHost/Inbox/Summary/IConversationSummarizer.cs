using Handover.Messages;

namespace BotHost.Inbox.Summary;

/// <summary>What an agent reads first: the shopper's key points and the latest answers they got.</summary>
public sealed record ConversationSummary(IReadOnlyList<string> ShopperPoints, string? LastAiAnswer, string? LastAgentAnswer);

/// <summary>Summarises a transcript for the inbox sidebar. The built-in one is extractive; an LLM-backed one can replace it.</summary>
public interface IConversationSummarizer
{
    Task<ConversationSummary> SummarizeAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken);
}

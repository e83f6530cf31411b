using System.Text;
using Handover.Assistant;
using Microsoft.Extensions.AI;

namespace BotHost.Assistant.Llm;

/// <summary>
/// What the model is sent for one question: a system prompt (its role, the rules, the reply format, the shop's
/// instructions and the retrieved knowledge), the conversation so far, and the question.
/// </summary>
internal static class LlmPrompt
{
    /// <summary>Marks what a human agent wrote, which the model sees as the shop's side of the chat.</summary>
    public const string HumanAgentLabel = "[Human agent]";

    /// <summary>Marks the chat's own notices ("connecting you with a colleague").</summary>
    public const string NoticeLabel = "[Chat notice]";

    private const string Rules = $$"""
        You are the customer service assistant of an online shop, chatting with a shopper on the shop's website.
        You are an AI assistant. Never claim or pretend to be a human; if asked, say that you are an AI assistant.
        Answer only from the knowledge below. If it does not contain the answer, say so briefly and do not guess:
        never invent prices, dates, policies, stock or order details.
        Earlier messages starting with "{{HumanAgentLabel}}" were written by a human member of staff, not by you;
        messages starting with "{{NoticeLabel}}" are notices the chat showed. Never start your own answer with such a label.
        Reply in the shopper's language with exactly one JSON object and nothing else:
        {"answer": string, "confident": boolean, "handover": {"reason": string} | null}
        - "answer": your reply to the shopper (plain text or Markdown, at most a few sentences).
        - "confident": true only when the knowledge below fully supports your answer.
        - "handover": {"reason": "..."} when a human member of staff should take over (the shopper asks for a person,
          is upset, or needs something only staff can do); otherwise null.
        """;

    public static string System(IReadOnlyList<KnowledgeEntry> knowledge, string? instructions)
    {
        var prompt = new StringBuilder(Rules);
        if (!string.IsNullOrWhiteSpace(instructions))
            prompt.Append("\nInstructions from the shop:\n").Append(instructions.Trim()).Append('\n');

        prompt.Append("\nKnowledge:\n");
        if (knowledge.Count == 0)
            prompt.Append("(nothing in the knowledge base matches this question)\n");
        foreach (var entry in knowledge)
        {
            prompt.Append("\n### ").Append(entry.Id).Append('\n');
            prompt.Append("Questions: ").AppendJoin(" | ", entry.Questions).Append('\n');
            prompt.Append("Answer: ").Append(entry.Answer.Trim()).Append('\n');
        }
        return prompt.ToString();
    }

    public static List<ChatMessage> Messages(AnswerRequest request, IReadOnlyList<KnowledgeEntry> knowledge, string? instructions)
    {
        var messages = new List<ChatMessage>(request.History.Count + 2) { new(ChatRole.System, System(knowledge, instructions)) };
        foreach (var turn in request.History)
            messages.Add(Turn(turn));
        messages.Add(new ChatMessage(ChatRole.User, request.Question));
        return messages;
    }

    // Only our own prompt has the system role: whatever the history holds speaks with less authority.
    private static ChatMessage Turn(ContextTurn turn) => turn.Role switch
    {
        "ai" => new ChatMessage(ChatRole.Assistant, turn.Text),
        "human" => new ChatMessage(ChatRole.Assistant, $"{HumanAgentLabel} {turn.Text}"),
        "system" => new ChatMessage(ChatRole.Assistant, $"{NoticeLabel} {turn.Text}"),
        _ => new ChatMessage(ChatRole.User, turn.Text),
    };
}

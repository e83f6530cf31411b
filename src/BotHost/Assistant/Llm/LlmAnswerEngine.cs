using Handover.Assistant;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace BotHost.Assistant.Llm;

/// <summary>
/// The optional <see cref="IAnswerEngine"/> that lets a language model write the answer from the bot's knowledge
/// base: the embedded engine retrieves the best entries, the model answers from them only, and whenever the model
/// fails (error, timeout, a reply that is not the agreed JSON) the embedded engine's own answer is used, so the
/// shopper always gets a reply.
/// </summary>
/// <remarks>
/// <see cref="Answer.Confidence"/> stays the retrieval confidence (how well the knowledge base covers the question);
/// <see cref="Answer.Known"/> is the model's judgement. <see cref="Answer.SourceId"/> is the best retrieved entry
/// when the model is confident, though the model may have combined several.
/// </remarks>
internal sealed class LlmAnswerEngine : IAnswerEngine
{
    // Low: the answer should restate the knowledge, not vary it.
    private const float Temperature = 0.2f;

    private readonly EmbeddedAnswerEngine _embedded;
    private readonly IChatClient _chat;
    private readonly ILogger<LlmAnswerEngine> _logger;
    private readonly int _topK;
    private readonly string? _instructions;
    private readonly string _unknownAnswer;
    private readonly ChatOptions _chatOptions = new() { Temperature = Temperature, ResponseFormat = ChatResponseFormat.Json };

    public LlmAnswerEngine(EmbeddedAnswerEngine embedded, IChatClient chat, LlmOptions options, AssistantOptions assistant, ILogger<LlmAnswerEngine> logger)
    {
        _embedded = embedded;
        _chat = chat;
        _logger = logger;
        _topK = options.TopK;
        _instructions = options.Instructions;
        _unknownAnswer = assistant.UnknownAnswer;
    }

    public async ValueTask<Answer> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fallback = _embedded.Respond(request.BotId, request.Question);
        var knowledge = _embedded.Retrieve(request.BotId, request.Question, _topK);

        ChatResponse response;
        try
        {
            // ChatOptions is cloned: an IChatClient may write to the options it is given.
            response = await _chat.GetResponseAsync(LlmPrompt.Messages(request, knowledge, _instructions), _chatOptions.Clone(), cancellationToken);
        }
        catch (ChatCompletionException e)
        {
            _logger.LogWarning("Assistant:Llm: no answer from the model for bot {BotId}, the embedded engine answers instead. {Reason}", request.BotId, e.Message);
            return fallback;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A model or client fault must never cost the shopper the reply; only the caller's cancellation passes.
            _logger.LogError(e, "Assistant:Llm: the chat client failed for bot {BotId}, the embedded engine answers instead.", request.BotId);
            return fallback;
        }

        var reply = LlmReply.TryParse(response.Text, out var problem);
        if (reply is null)
        {
            _logger.LogWarning(
                "Assistant:Llm: the model's reply for bot {BotId} is not usable ({Problem}; finish reason {FinishReason}), the embedded engine answers instead.",
                request.BotId, problem, response.FinishReason?.Value ?? "none");
            return fallback;
        }

        return reply.Confident
            ? new Answer(reply.Answer, fallback.Confidence, Known: true, knowledge.Count > 0 ? knowledge[0].Id : null) { HandoverReason = reply.HandoverReason }
            : new Answer(reply.Answer.Length > 0 ? reply.Answer : _unknownAnswer, fallback.Confidence, Known: false, SourceId: null) { HandoverReason = reply.HandoverReason };
    }
}

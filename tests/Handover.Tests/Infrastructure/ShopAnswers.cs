using Handover.Assistant;

namespace Handover.Tests.Infrastructure;

/// <summary>
/// A stand-in for the host's knowledge-base engine, so the core is tested on its own: it knows shipping and
/// payments and nothing else.
/// </summary>
public sealed class ShopAnswers : IAnswerEngine
{
    public const string DoNotKnow = "I'm sorry, I don't have information about that.";

    public ValueTask<Answer> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken)
    {
        var q = request.Question.ToLowerInvariant();
        var answer = q.Contains("ship", StringComparison.Ordinal) ? new Answer("Standard shipping takes 3-5 business days.", 0.9, true, "shipping")
            : q.Contains("pay", StringComparison.Ordinal) ? new Answer("We accept cards, PayPal and gift cards.", 0.9, true, "payment")
            : new Answer(DoNotKnow, 0.1, false, null);
        return ValueTask.FromResult(answer);
    }
}

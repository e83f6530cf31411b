using Xunit.Abstractions;

namespace BotHost.Tests.Assistant;

/// <summary>
/// Measures the engine with default options on the labelled questions: precision and recall of Known, where a known
/// answer counts as right only if it comes from the labelled entry. The floors keep later changes from quietly
/// making it worse; the printed numbers per set say how good it is.
/// </summary>
public sealed class RetrievalQualityTests(ITestOutputHelper output)
{
    [Fact]
    public void AnswerAsync_AllLabelledQuestions_PrecisionAndRecallOfKnownAboveFloors()
    {
        Report("calibration", LabelledQuestions.Calibration);
        Report("second round", LabelledQuestions.SecondRound);
        Report("fresh", LabelledQuestions.Fresh);
        var all = Report("all", LabelledQuestions.All);

        Assert.True(all.Precision >= 0.9, $"Precision of Known {all.Precision:P1} is below 90%.");
        // Paraphrases the engine was never tuned for are where a word-matching engine misses most (the fresh set
        // scored about 0.63); more phrasings in a knowledge base are the cure, not a lower threshold.
        Assert.True(all.Recall >= 0.8, $"Recall of Known {all.Recall:P1} is below 80%.");
    }

    [Fact]
    public void AnswerAsync_CalibrationQuestions_PrecisionAndRecallOfKnownAtLeastNinetyPercent()
    {
        var calibration = Report("calibration", LabelledQuestions.Calibration, printMisses: true);

        Assert.True(calibration.Precision >= 0.9, $"Precision of Known {calibration.Precision:P1} is below 90%.");
        Assert.True(calibration.Recall >= 0.9, $"Recall of Known {calibration.Recall:P1} is below 90%.");
    }

    [Fact]
    public void Search_AllLabelledQuestions_ConfidenceSeparatesInDomainFromOutOfDomain()
    {
        var inDomain = Confidences(LabelledQuestions.All.Where(q => q.IsInDomain));
        var outOfDomain = Confidences(LabelledQuestions.All.Where(q => !q.IsInDomain));
        output.WriteLine($"in-domain confidence: median {Median(inDomain):F2}; out-of-domain: median {Median(outOfDomain):F2}, max {outOfDomain.Max():F2}");

        // Medians far apart on either side of the default threshold: the threshold is a real choice, not a knife edge.
        Assert.True(Median(inDomain) >= 0.7, "The median in-domain confidence should be well above the default threshold.");
        Assert.True(Median(outOfDomain) <= 0.3, "The median out-of-domain confidence should be well below the default threshold.");
    }

    private Scores Report(string name, IEnumerable<LabelledQuestion> questions, bool printMisses = false)
    {
        var engine = DemoKnowledgeBase.Engine();
        int inDomain = 0, outOfDomain = 0, right = 0, wrongEntry = 0, falseKnown = 0;
        foreach (var labelled in questions)
        {
            var answer = engine.Respond("demo", labelled.Question);
            var correct = labelled.IsInDomain ? answer.Known && labelled.IsAnsweredBy(answer.SourceId) : !answer.Known;
            if (labelled.IsInDomain)
            {
                inDomain++;
                right += correct ? 1 : 0;
                wrongEntry += answer.Known && !correct ? 1 : 0;
            }
            else
            {
                outOfDomain++;
                falseKnown += answer.Known ? 1 : 0;
            }
            if (printMisses && !correct)
                output.WriteLine($"  {(labelled.IsInDomain ? $"want {labelled.EntryIds}" : "want unknown")}: {DemoKnowledgeBase.Describe(labelled.Question)}");
        }

        var scores = new Scores((double)right / Math.Max(1, right + wrongEntry + falseKnown), (double)right / Math.Max(1, inDomain));
        output.WriteLine(
            $"{name}: {inDomain} in-domain ({right} right, {wrongEntry} wrong entry, {inDomain - right - wrongEntry} not known), " +
            $"{outOfDomain} out-of-domain ({falseKnown} known); precision {scores.Precision:P1}, recall {scores.Recall:P1}");
        return scores;
    }

    private static double[] Confidences(IEnumerable<LabelledQuestion> questions) =>
        questions.Select(q => DemoKnowledgeBase.Index.Search(q.Question).Confidence).Order().ToArray();

    private static double Median(double[] sorted) => sorted[sorted.Length / 2];

    private sealed record Scores(double Precision, double Recall);
}

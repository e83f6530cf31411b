using System.Diagnostics;
using BotHost.Recognizers;

namespace BotHost.Tests.Recognizers;

/// <summary>
/// The recognizers run on every shopper message: linear time on hostile input, cheap on ordinary input.
/// Timings take the best of several runs, so a busy machine slows the test without failing it.
/// </summary>
public sealed class RecognizerSpeedTests
{
    private static readonly (string Name, Func<string, object> Recognize)[] Recognizers =
    [
        ("boolean", new BooleanRecognizer().Recognize), ("number", new NumberRecognizer().Recognize),
        ("currency", new CurrencyRecognizer().Recognize), ("email", new EmailRecognizer().Recognize),
        ("phone", new PhoneNumberRecognizer().Recognize),
    ];

    public static TheoryData<string> Pathological() =>
    [
        string.Concat(Enumerable.Repeat("1,", 2000)),
        string.Concat(Enumerable.Repeat("1 ", 2000)),
        string.Concat(Enumerable.Repeat("one and ", 500)),
        string.Concat(Enumerable.Repeat("a@", 2000)),
        string.Concat(Enumerable.Repeat("a.", 2000)) + "@x",
        string.Concat(Enumerable.Repeat("(1", 2000)),
        string.Concat(Enumerable.Repeat("$1 ", 1333)) + "d",
        new string('9', 4000),
        string.Concat(Enumerable.Repeat("yes no ", 571)),
        string.Concat(Enumerable.Repeat("twenty ", 571)) + "fifths",
    ];

    [Theory]
    [MemberData(nameof(Pathological))]
    public void Recognize_Pathological4000Characters_FinishesInLinearTime(string input)
    {
        Assert.InRange(input.Length, 3990, 4010);
        foreach (var (name, recognize) in Recognizers)
        {
            // A linear scan of 4,000 characters takes about a millisecond even unoptimised; a quadratic one
            // tens of milliseconds, a backtracking regex seconds.
            var best = BestOf(5, () => recognize(input));
            Assert.True(best < TimeSpan.FromMilliseconds(40), $"{name} took {best.TotalMilliseconds:F1} ms");
        }
    }

    [Fact]
    public void Recognize_OrdinaryMessages_AllFiveModelsAtLeast3000MessagesPerSecond()
    {
        string[] messages =
        [
            "Hi, I ordered two pairs of shoes for $89.99 and only got one",
            "yes please, my email is jane.doe@example.com",
            "can you call me on (541) 754-3010 tomorrow?",
            "I want a refund of 250 dollars, not a voucher",
            "no thanks",
        ];
        const int Batch = 1000;
        void RunBatch()
        {
            for (var i = 0; i < Batch; i++)
            {
                foreach (var (_, recognize) in Recognizers)
                {
                    recognize(messages[i % messages.Length]);
                }
            }
        }

        RunBatch(); // warm-up, so tiered compilation is not what is measured
        var perSecond = Batch / BestOf(5, RunBatch).TotalSeconds;

        // A warmed-up Release build did about 130,000/s for all five on one (busy) core; Debug code is several times
        // slower and test classes run in parallel, so this floor only catches gross regressions.
        Assert.True(perSecond > 3_000, $"{perSecond:F0} messages/s");
    }

    private static TimeSpan BestOf(int runs, Action action)
    {
        var best = TimeSpan.MaxValue;
        for (var r = 0; r < runs; r++)
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            best = stopwatch.Elapsed < best ? stopwatch.Elapsed : best;
        }

        return best;
    }
}

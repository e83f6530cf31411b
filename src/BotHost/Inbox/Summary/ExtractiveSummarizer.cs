using System.Text;
using BotHost.Assistant;
using Handover.Messages;

namespace BotHost.Inbox.Summary;

/// <summary>
/// Picks the shopper's most telling sentences: each word that is not a stop word weighs its frequency across the
/// shopper's messages times how rare it is among their sentences (tf-idf over one conversation); a sentence scores
/// the sum of its distinct words' weights, damped by its length so long rambles do not win on length alone, with a
/// bonus for questions and numbers (order numbers, amounts). The best few are shown in the order they were said,
/// followed by the last AI and human answers.
/// </summary>
internal sealed class ExtractiveSummarizer : IConversationSummarizer
{
    public const int MaxPoints = 3;
    public const int MaxPointLength = 200;

    private static readonly char[] SentenceEnds = ['.', '!', '?', '\n'];

    public Task<ConversationSummary> SummarizeAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken)
    {
        var visible = messages.Where(m => !m.Internal).ToList();
        var sentences = visible.Where(m => m.Role == MessageRole.Shopper).SelectMany(m => Sentences(m.Text)).ToList();
        var words = sentences.Select(s => Words(s).ToHashSet(StringComparer.Ordinal)).ToList();

        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var sentencesWith = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            foreach (var word in Words(sentence))
                frequency[word] = frequency.GetValueOrDefault(word) + 1;
        }
        foreach (var set in words)
        {
            foreach (var word in set)
                sentencesWith[word] = sentencesWith.GetValueOrDefault(word) + 1;
        }

        var scored = sentences.Select((text, index) =>
        {
            var weight = words[index].Sum(w => frequency[w] * Math.Log(1.0 + (double)sentences.Count / sentencesWith[w]));
            var damped = weight / (1.0 + Math.Log(1.0 + words[index].Count));
            if (text.Contains('?', StringComparison.Ordinal))
                damped += 0.5;
            if (text.Any(char.IsDigit))
                damped += 0.5;
            return (Text: text, Index: index, Score: words[index].Count == 0 ? 0 : damped);
        });
        var points = scored
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score).ThenByDescending(s => s.Index)
            .Take(MaxPoints)
            .OrderBy(s => s.Index)
            .Select(s => Clip(s.Text))
            .ToList();

        var lastAi = visible.LastOrDefault(m => m.Role == MessageRole.Ai)?.Text;
        var lastAgent = visible.LastOrDefault(m => m.Role == MessageRole.Human)?.Text;
        return Task.FromResult(new ConversationSummary(points, lastAi is null ? null : Clip(lastAi), lastAgent is null ? null : Clip(lastAgent)));
    }

    private static IEnumerable<string> Sentences(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOfAny(SentenceEnds, start);
            end = end < 0 ? text.Length : end + 1;
            // Keep the end mark: "?" says it was a question.
            var sentence = text[start..end].Trim();
            if (sentence.Length > 2)
                yield return sentence;
            start = end;
        }
    }

    private static IEnumerable<string> Words(string sentence)
    {
        var word = new StringBuilder();
        foreach (var c in sentence.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            if (c == '\'')
                continue; // "don't" -> "dont", as the stop words spell it
            if (word.Length > 2 && !StopWords.Contains(word.ToString()))
                yield return word.ToString();
            word.Clear();
        }
    }

    private static string Clip(string text) => text.Length <= MaxPointLength ? text : string.Concat(text.AsSpan(0, MaxPointLength - 1), "…");
}

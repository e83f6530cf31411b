using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace BotHost.Assistant;

/// <summary>
/// Builds the BM25 index of a knowledge base once, at start, so every search is a few array reads.
/// </summary>
/// <remarks>
/// Each entry is one document whose fields count differently (a simple BM25F): the shoppers' phrasings say what the
/// entry is about, keywords nearly as much, and the answer's words only somewhat, since an answer also mentions
/// neighbouring topics ("refunds go back to your card" is not about payment methods).
/// </remarks>
internal static partial class KnowledgeIndexBuilder
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double QuestionWeight = 3;
    private const double KeywordWeight = 2;
    private const double AnswerWeight = 1;

    /// <summary>How much a word found only in the answer counts towards coverage, against 1 in questions or keywords.</summary>
    private const float AnswerOnlyCoverage = 0.5f;

    public static KnowledgeIndex Build(IReadOnlyList<KnowledgeEntry> entries)
    {
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var documents = new List<Document>(entries.Count);
        foreach (var entry in entries)
        {
            var document = new Document();
            foreach (var question in entry.Questions)
                document.Add(termIds, question, QuestionWeight, strong: true);
            foreach (var keyword in entry.Keywords)
                document.Add(termIds, keyword, KeywordWeight, strong: true);
            document.Add(termIds, WithoutLinkTargets(entry.Answer), AnswerWeight, strong: false);
            documents.Add(document);
        }

        var count = entries.Count;
        var averageLength = Math.Max(documents.Average(d => d.Length), 1e-9);
        var idf = new double[termIds.Count];
        var postings = new List<(int Entry, float Score, float Coverage)>[termIds.Count];
        for (var t = 0; t < postings.Length; t++)
            postings[t] = [];

        for (var e = 0; e < count; e++)
        {
            var document = documents[e];
            var norm = K1 * (1 - B + B * document.Length / averageLength);
            foreach (var (term, frequency) in document.Frequencies)
            {
                var score = frequency * (K1 + 1) / (frequency + norm);
                var coverage = document.Strong.Contains(term) ? 1f : AnswerOnlyCoverage;
                postings[term].Add((e, (float)score, coverage));
            }
        }
        for (var t = 0; t < idf.Length; t++)
            idf[t] = Idf(count, postings[t].Count);

        var start = new int[termIds.Count + 1];
        var total = postings.Sum(p => p.Count);
        var postingEntry = new int[total];
        var postingScore = new float[total];
        var postingCoverage = new float[total];
        var next = 0;
        for (var t = 0; t < postings.Length; t++)
        {
            start[t] = next;
            foreach (var (entry, score, coverage) in postings[t])
            {
                postingEntry[next] = entry;
                postingScore[next] = score;
                postingCoverage[next] = coverage;
                next++;
            }
        }
        start[^1] = next;

        return new KnowledgeIndex(
            entries, termIds.ToFrozenDictionary(StringComparer.Ordinal), idf, Idf(count, 0), start, postingEntry, postingScore, postingCoverage);
    }

    /// <summary>The terms of a text as the index sees them; for building and for tests.</summary>
    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        Span<char> buffer = stackalloc char[TermReader.ScratchLength];
        var reader = new TermReader(text, buffer);
        while (reader.TryRead(out var term))
            terms.Add(term.ToString());
        return terms;
    }

    // The BM25 IDF that stays positive for words in every entry; df = 0 gives the highest value, used for unknown words.
    private static double Idf(int entries, int withTerm) => Math.Log(1 + (entries - withTerm + 0.5) / (withTerm + 0.5));

    // A link's address ("https://shop.example/returns") would otherwise index "https" and "example".
    private static string WithoutLinkTargets(string markdown) => LinkTarget().Replace(markdown, " ");

    [GeneratedRegex(@"\]\([^)]*\)|https?://\S+")]
    private static partial Regex LinkTarget();

    private sealed class Document
    {
        public Dictionary<int, double> Frequencies { get; } = [];

        public HashSet<int> Strong { get; } = [];

        public double Length { get; private set; }

        public void Add(Dictionary<string, int> termIds, string text, double weight, bool strong)
        {
            foreach (var term in Terms(text))
            {
                if (!termIds.TryGetValue(term, out var id))
                    termIds[term] = id = termIds.Count;
                Frequencies[id] = Frequencies.GetValueOrDefault(id) + weight;
                Length += weight;
                if (strong)
                    Strong.Add(id);
            }
        }
    }
}

using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace BotHost.Assistant;

/// <summary>
/// Builds the index of a knowledge base once, at start, so every search is a few array reads: BM25 postings per
/// entry and, for finding the nearest phrasing, postings per single question.
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

    /// <summary>
    /// A word no entry has counts this much more than the rarest word that one entry has: it is the best evidence
    /// that the question is about something else ("is the pharmacy open on Sundays").
    /// </summary>
    private const double UnknownWordFactor = 1.3;

    public static KnowledgeIndex Build(IReadOnlyList<KnowledgeEntry> entries)
    {
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var documents = new List<Document>(entries.Count);
        var phrasings = new List<(int Entry, HashSet<int> Terms)>();
        for (var e = 0; e < entries.Count; e++)
        {
            var entry = entries[e];
            var document = new Document();
            foreach (var question in entry.Questions)
                phrasings.Add((e, document.Add(termIds, question, QuestionWeight, strong: true)));
            foreach (var keyword in entry.Keywords)
                document.Add(termIds, keyword, KeywordWeight, strong: true);
            document.Add(termIds, WithoutLinkTargets(entry.Answer), AnswerWeight, strong: false);
            documents.Add(document);
        }

        var termCount = termIds.Count;
        var entryPostings = new List<(int Entry, float Score, float Coverage)>[termCount];
        var questionPostings = new List<int>[termCount];
        for (var t = 0; t < termCount; t++)
        {
            entryPostings[t] = [];
            questionPostings[t] = [];
        }

        var averageLength = documents.Count == 0 ? 1 : Math.Max(documents.Average(d => d.Length), 1e-9);
        for (var e = 0; e < documents.Count; e++)
        {
            var document = documents[e];
            var norm = K1 * (1 - B + B * document.Length / averageLength);
            foreach (var (term, frequency) in document.Frequencies)
            {
                var score = frequency * (K1 + 1) / (frequency + norm);
                var coverage = document.Strong.Contains(term) ? 1f : AnswerOnlyCoverage;
                entryPostings[term].Add((e, (float)score, coverage));
            }
        }

        var idf = new double[termCount];
        for (var t = 0; t < termCount; t++)
            idf[t] = Idf(entries.Count, entryPostings[t].Count);

        var questionEntry = new int[phrasings.Count];
        var questionMass = new double[phrasings.Count];
        for (var q = 0; q < phrasings.Count; q++)
        {
            questionEntry[q] = phrasings[q].Entry;
            foreach (var term in phrasings[q].Terms)
            {
                questionPostings[term].Add(q);
                questionMass[q] += idf[term];
            }
        }

        return new KnowledgeIndex(
            entries,
            termIds.ToFrozenDictionary(StringComparer.Ordinal),
            idf,
            UnknownWordFactor * Idf(entries.Count, 0),
            FlattenEntryPostings(entryPostings),
            FlattenQuestionPostings(questionPostings, questionEntry, questionMass));
    }

    private static EntryPostings FlattenEntryPostings(List<(int Entry, float Score, float Coverage)>[] postings)
    {
        var start = new int[postings.Length + 1];
        var total = postings.Sum(p => p.Count);
        var entry = new int[total];
        var score = new float[total];
        var coverage = new float[total];
        var next = 0;
        for (var t = 0; t < postings.Length; t++)
        {
            start[t] = next;
            foreach (var posting in postings[t])
            {
                (entry[next], score[next], coverage[next]) = posting;
                next++;
            }
        }
        start[^1] = next;
        return new EntryPostings(start, entry, score, coverage);
    }

    private static QuestionPostings FlattenQuestionPostings(List<int>[] postings, int[] questionEntry, double[] questionMass)
    {
        var start = new int[postings.Length + 1];
        var question = new int[postings.Sum(p => p.Count)];
        var next = 0;
        for (var t = 0; t < postings.Length; t++)
        {
            start[t] = next;
            foreach (var q in postings[t])
                question[next++] = q;
        }
        start[^1] = next;
        return new QuestionPostings(start, question, questionEntry, questionMass);
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

        /// <summary>Terms of the questions and keywords: what the entry is about, not only what its answer mentions.</summary>
        public HashSet<int> Strong { get; } = [];

        public double Length { get; private set; }

        /// <summary>Adds a field's text and returns the distinct terms it had.</summary>
        public HashSet<int> Add(Dictionary<string, int> termIds, string text, double weight, bool strong)
        {
            var added = new HashSet<int>();
            foreach (var term in Terms(text))
            {
                if (!termIds.TryGetValue(term, out var id))
                    termIds[term] = id = termIds.Count;
                Frequencies[id] = Frequencies.GetValueOrDefault(id) + weight;
                Length += weight;
                added.Add(id);
            }
            if (strong)
                Strong.UnionWith(added);
            return added;
        }
    }
}

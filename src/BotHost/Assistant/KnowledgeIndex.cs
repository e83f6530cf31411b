using System.Buffers;
using System.Collections.Frozen;

namespace BotHost.Assistant;

/// <summary>
/// The search side of one knowledge base (built by <see cref="KnowledgeIndexBuilder"/>). Immutable, so any number of
/// threads search it at once; a search works on the stack (or pooled arrays for very large knowledge bases) and
/// allocates nothing.
/// </summary>
/// <remarks>
/// Entries are ranked by BM25 over the whole entry plus how close the nearest single phrasing is to the question
/// (an IDF-weighted Jaccard). The phrasing part tells apart entries that share the same words in different
/// combinations: "how do I send back a dress" is closest to "How do I return an item?", not to "Can I return sale
/// items?", though both entries are about returning items.
/// </remarks>
internal sealed class KnowledgeIndex
{
    /// <summary>Content words of a question beyond this are ignored; a question that long is not a FAQ lookup.</summary>
    public const int MaxQueryTerms = 64;

    /// <summary>Weight of the nearest phrasing in the ranking, relative to BM25 (whose top is about 2.2 per IDF unit).</summary>
    private const double PhrasingWeight = 1.0;

    // Above this much scratch (entries and questions) it comes from the array pool instead of the stack.
    private const int MaxStackScratch = 1024;

    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _terms;
    private readonly string[] _termText;
    private readonly double[] _idf;
    private readonly double _unknownIdf;
    private readonly EntryPostings _entries;
    private readonly QuestionPostings _questions;

    /// <param name="entries">The entries, in file order.</param>
    /// <param name="terms">Every term of the knowledge base and its number.</param>
    /// <param name="idf">BM25 inverse document frequency per term (an entry is a document).</param>
    /// <param name="unknownIdf">The weight of a word no entry has: more than any known word's IDF.</param>
    /// <param name="entryPostings">Per term, the entries that have it.</param>
    /// <param name="questionPostings">Per term, the single phrasings that have it.</param>
    public KnowledgeIndex(
        IReadOnlyList<KnowledgeEntry> entries,
        FrozenDictionary<string, int> terms,
        double[] idf,
        double unknownIdf,
        EntryPostings entryPostings,
        QuestionPostings questionPostings)
    {
        Entries = entries;
        _terms = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        _termText = new string[terms.Count];
        foreach (var (text, id) in terms)
            _termText[id] = text;
        _idf = idf;
        _unknownIdf = unknownIdf;
        _entries = entryPostings;
        _questions = questionPostings;
    }

    public IReadOnlyList<KnowledgeEntry> Entries { get; }

    public KnowledgeMatch Search(ReadOnlySpan<char> question)
    {
        Span<int> known = stackalloc int[MaxQueryTerms];
        Span<int> unknown = stackalloc int[MaxQueryTerms];
        var (knownCount, unknownCount) = ReadTerms(question, known, unknown);
        if (knownCount == 0)
            return KnowledgeMatch.None;

        var entryCount = Entries.Count;
        var size = 3 * entryCount + _questions.Mass.Length;
        double[]? rented = null;
        var scratch = size <= MaxStackScratch
            ? stackalloc double[size]
            : (rented = ArrayPool<double>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            scratch.Clear();
            return Score(
                known[..knownCount],
                unknownCount,
                bm25: scratch[..entryCount],
                covered: scratch.Slice(entryCount, entryCount),
                phrasing: scratch.Slice(2 * entryCount, entryCount),
                overlap: scratch[(3 * entryCount)..]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The term number of a word as the reader produced it, exactly or as the likeliest term one typo away (the most
    /// common of them: a typo is likelier in a frequent word).
    /// </summary>
    public bool TryFindTerm(ReadOnlySpan<char> term, out int id)
    {
        if (_terms.TryGetValue(term, out id))
            return true;
        id = -1;
        if (term.Length < Typos.MinLength)
            return false;
        for (var t = 0; t < _termText.Length; t++)
        {
            if (Typos.AreOneEditApart(term, _termText[t]) && (id < 0 || _idf[t] < _idf[id]))
                id = t;
        }
        return id >= 0;
    }

    /// <summary>The text of a term number, for explaining a match.</summary>
    public string TermText(int id) => _termText[id];

    /// <summary>
    /// The entries that share a word with the question, best first, at most <paramref name="count"/>: the knowledge
    /// an LLM answers from. Allocates its scratch on the heap; it runs once per LLM call, next to a network round trip.
    /// </summary>
    public IReadOnlyList<int> Top(ReadOnlySpan<char> question, int count)
    {
        Span<int> known = stackalloc int[MaxQueryTerms];
        Span<int> unknown = stackalloc int[MaxQueryTerms];
        var (knownCount, unknownCount) = ReadTerms(question, known, unknown);
        if (knownCount == 0 || count <= 0)
            return [];

        var entryCount = Entries.Count;
        var bm25 = new double[entryCount];
        var phrasing = new double[entryCount];
        var questionMass = Accumulate(known[..knownCount], unknownCount, bm25, new double[entryCount], phrasing, new double[_questions.Mass.Length]);
        var ranked = new List<(int Entry, double Score)>();
        for (var e = 0; e < entryCount; e++)
        {
            var score = Ranking(bm25[e], phrasing[e], questionMass);
            if (score > 0)
                ranked.Add((e, score));
        }
        // Ties keep file order, so the same question always gives the same prompt.
        ranked.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Entry.CompareTo(b.Entry));
        return ranked.Take(count).Select(r => r.Entry).ToArray();
    }

    /// <summary>
    /// Splits the question into known term numbers and unknown words (kept as hashes, only to count each once).
    /// </summary>
    private (int Known, int Unknown) ReadTerms(ReadOnlySpan<char> question, Span<int> known, Span<int> unknown)
    {
        Span<char> buffer = stackalloc char[TermReader.ScratchLength];
        var reader = new TermReader(question, buffer);
        int knownCount = 0, unknownCount = 0;
        while (knownCount + unknownCount < MaxQueryTerms && reader.TryRead(out var term))
        {
            if (TryFindTerm(term, out var id))
            {
                if (!known[..knownCount].Contains(id))
                    known[knownCount++] = id;
            }
            else
            {
                var hash = string.GetHashCode(term);
                if (!unknown[..unknownCount].Contains(hash))
                    unknown[unknownCount++] = hash;
            }
        }
        return (knownCount, unknownCount);
    }

    private KnowledgeMatch Score(
        ReadOnlySpan<int> terms, int unknownCount, Span<double> bm25, Span<double> covered, Span<double> phrasing, Span<double> overlap)
    {
        var questionMass = Accumulate(terms, unknownCount, bm25, covered, phrasing, overlap);

        int best = -1;
        double bestScore = 0, runnerUp = 0;
        for (var e = 0; e < bm25.Length; e++)
        {
            var score = Ranking(bm25[e], phrasing[e], questionMass);
            if (score > bestScore)
            {
                runnerUp = bestScore;
                bestScore = score;
                best = e;
            }
            else if (score > runnerUp)
            {
                runnerUp = score;
            }
        }
        if (best < 0)
            return KnowledgeMatch.None;

        var coverage = Math.Min(1, covered[best] / questionMass);
        var margin = Confidence.Margin(bestScore, runnerUp);
        return new KnowledgeMatch(best, Confidence.Of(coverage, margin), coverage, margin);
    }

    private static double Ranking(double bm25, double phrasing, double questionMass) => bm25 + PhrasingWeight * phrasing * questionMass;

    /// <summary>Adds up the BM25 score, coverage and nearest-phrasing similarity per entry; returns the question's IDF mass.</summary>
    private double Accumulate(
        ReadOnlySpan<int> terms, int unknownCount, Span<double> bm25, Span<double> covered, Span<double> phrasing, Span<double> overlap)
    {
        var questionMass = unknownCount * _unknownIdf;
        foreach (var term in terms)
        {
            var idf = _idf[term];
            questionMass += idf;
            for (var p = _entries.Start[term]; p < _entries.Start[term + 1]; p++)
            {
                var entry = _entries.Entry[p];
                bm25[entry] += idf * _entries.Score[p];
                covered[entry] += idf * _entries.Coverage[p];
            }
            for (var p = _questions.Start[term]; p < _questions.Start[term + 1]; p++)
                overlap[_questions.Question[p]] += idf;
        }

        for (var q = 0; q < overlap.Length; q++)
        {
            if (overlap[q] <= 0)
                continue;
            var similarity = overlap[q] / (_questions.Mass[q] + questionMass - overlap[q]);
            var entry = _questions.Entry[q];
            phrasing[entry] = Math.Max(phrasing[entry], similarity);
        }
        return questionMass;
    }
}

using System.Buffers;
using System.Collections.Frozen;

namespace BotHost.Assistant;

/// <summary>
/// A BM25 index over one knowledge base (built by <see cref="KnowledgeIndexBuilder"/>). Immutable, so any number of
/// threads search it at once; a search works on the stack and pooled arrays and allocates nothing.
/// </summary>
internal sealed class KnowledgeIndex
{
    /// <summary>Content words of a question beyond this are ignored; a question that long is not a FAQ lookup.</summary>
    public const int MaxQueryTerms = 64;

    // Above this many entries the per-entry scratch comes from the array pool instead of the stack.
    private const int MaxStackEntries = 256;

    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _terms;
    private readonly double[] _idf;
    private readonly double _unknownIdf;
    private readonly int[] _postingStart;
    private readonly int[] _postingEntry;
    private readonly float[] _postingScore;
    private readonly float[] _postingCoverage;

    /// <param name="entries">The entries, in file order.</param>
    /// <param name="terms">Every term of the knowledge base and its number.</param>
    /// <param name="idf">BM25 inverse document frequency per term.</param>
    /// <param name="unknownIdf">The IDF of a word no entry has: the highest there can be.</param>
    /// <param name="postingStart">Per term, where its postings start; one more element marks the end of the last.</param>
    /// <param name="postingEntry">Per posting, the entry that has the term.</param>
    /// <param name="postingScore">Per posting, the BM25 term-frequency part, length-normalised (multiplied by the IDF at search).</param>
    /// <param name="postingCoverage">Per posting, how much a match counts towards coverage: less when only the answer has the term.</param>
    public KnowledgeIndex(
        IReadOnlyList<KnowledgeEntry> entries,
        FrozenDictionary<string, int> terms,
        double[] idf,
        double unknownIdf,
        int[] postingStart,
        int[] postingEntry,
        float[] postingScore,
        float[] postingCoverage)
    {
        Entries = entries;
        _terms = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        _idf = idf;
        _unknownIdf = unknownIdf;
        _postingStart = postingStart;
        _postingEntry = postingEntry;
        _postingScore = postingScore;
        _postingCoverage = postingCoverage;
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
        double[]? rented = null;
        var scratch = entryCount <= MaxStackEntries
            ? stackalloc double[2 * entryCount]
            : (rented = ArrayPool<double>.Shared.Rent(2 * entryCount)).AsSpan(0, 2 * entryCount);
        try
        {
            scratch.Clear();
            return Score(known[..knownCount], unknownCount, scratch[..entryCount], scratch[entryCount..]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<double>.Shared.Return(rented);
        }
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
            if (_terms.TryGetValue(term, out var id))
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

    private KnowledgeMatch Score(ReadOnlySpan<int> terms, int unknownCount, Span<double> scores, Span<double> covered)
    {
        var questionMass = unknownCount * _unknownIdf;
        foreach (var term in terms)
        {
            var idf = _idf[term];
            questionMass += idf;
            for (var p = _postingStart[term]; p < _postingStart[term + 1]; p++)
            {
                var entry = _postingEntry[p];
                scores[entry] += idf * _postingScore[p];
                covered[entry] += idf * _postingCoverage[p];
            }
        }

        int best = -1;
        double bestScore = 0, runnerUp = 0;
        for (var e = 0; e < scores.Length; e++)
        {
            if (scores[e] > bestScore)
            {
                runnerUp = bestScore;
                bestScore = scores[e];
                best = e;
            }
            else if (scores[e] > runnerUp)
            {
                runnerUp = scores[e];
            }
        }
        if (best < 0)
            return KnowledgeMatch.None;

        var coverage = questionMass <= 0 ? 0 : Math.Min(1, covered[best] / questionMass);
        var margin = Confidence.Margin(bestScore, runnerUp);
        return new KnowledgeMatch(best, Confidence.Of(coverage, margin), coverage, margin);
    }
}

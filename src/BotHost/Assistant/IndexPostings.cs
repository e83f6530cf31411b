namespace BotHost.Assistant;

/// <summary>
/// Per term, the entries that have it, as flat arrays (term t's postings are <c>Start[t]..Start[t + 1]</c>) so a
/// search walks memory in order and allocates nothing.
/// </summary>
/// <param name="Start">Per term, where its postings start; one more element marks the end of the last.</param>
/// <param name="Entry">Per posting, the entry that has the term.</param>
/// <param name="Score">Per posting, the BM25 term-frequency part, length-normalised (times the IDF at search).</param>
/// <param name="Coverage">Per posting, how much a match counts towards coverage: less when only the answer has it.</param>
internal sealed record EntryPostings(int[] Start, int[] Entry, float[] Score, float[] Coverage);

/// <summary>
/// Per term, the single questions (phrasings) that have it, to find the phrasing closest to what the shopper wrote.
/// </summary>
/// <param name="Start">Per term, where its postings start; one more element marks the end of the last.</param>
/// <param name="Question">Per posting, the question that has the term.</param>
/// <param name="Entry">Per question, its entry.</param>
/// <param name="Mass">Per question, the IDF sum of its distinct terms.</param>
internal sealed record QuestionPostings(int[] Start, int[] Question, int[] Entry, double[] Mass);

using Handover.Conversations;
using Handover.Triggers.ContactRequests;

namespace Handover.Triggers;

/// <summary>
/// Contact request (T1): the shopper asks for a person, in English, Spanish, Portuguese, French or German, with
/// typos and slang ("hooman pls", "tlak to someone"), as one word ("agent", "support") or a sentence ("can I speak
/// to a real person"). Precision matters as much as recall, since a wrong handover costs an agent's time, so these
/// are not requests: negations ("no need for a human"), questions about the bot ("are you a bot?"), and questions
/// for information about the team ("what's your support e-mail?", "customer service hours?").
/// Works clause by clause on folded words; linear in the text.
/// </summary>
public sealed class ContactRequestDetector : ITriggerDetector
{
    private const int VerbToPersonWindow = 6;
    private const int NegationLookBack = 3;

    private static readonly HashSet<string> TalkVerbs = new(StringComparer.Ordinal)
    {
        "talk", "speak", "chat", "hablar", "falar", "parler", "sprechen", "reden",
    };

    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "how", "where", "what", "whats", "when", "which", "como", "donde", "cual", "onde", "qual", "comment", "ou", "quel", "quelle", "wie", "wo", "was", "welche",
    };

    public HandoverReason? Detect(TriggerContext context)
    {
        foreach (var clause in ChatText.Clauses(context.Text))
        {
            if (IsAboutTheBot(clause))
                continue;
            if (Evaluate(clause) is { } reason)
                return reason;
        }
        return null;
    }

    private static HandoverReason? Evaluate(List<string> w)
    {
        var isWhQuestion = QuestionWords.Contains(w[0]);

        // "support", "agent pls", "a real human now!"
        var content = w.Where(t => !ContactRequestLexicon.Filler.Contains(t)).ToList();
        if (!isWhQuestion && content.Count <= 1 && w.Count <= 6
            && (content.Count == 0 ? HasPersonPhrase(w) is not null : ContactRequestLexicon.OneWordRequests.Contains(Canonical(content[0]))))
        {
            if (!IsNegated(w, 0, w.Count - 1))
                return new HandoverReason(HandoverTriggers.ContactRequest, "short request", string.Join(' ', w), 0.9);
        }

        // "can I talk to a person", "quiero hablar con un agente", "ich möchte mit einem Menschen sprechen"
        for (var v = 0; v < w.Count; v++)
        {
            if (!ContactRequestLexicon.Verbs.Contains(Canonical(w[v])))
                continue;
            if (isWhQuestion && !TalkVerbs.Contains(Canonical(w[v])))
                continue; // "how do I contact support?" asks for information
            for (var p = v + 1; p < w.Count && p - v <= VerbToPersonWindow; p++)
            {
                if (!IsPerson(w, p))
                    continue;
                if (IsNegated(w, v, p) || AsksForInformation(w, p))
                    break;
                return new HandoverReason(HandoverTriggers.ContactRequest, "asks for a person", string.Join(' ', w[v..(p + 1)]), 0.95);
            }
        }

        // Verb last, as German puts it: "kann ich mit einem Berater sprechen".
        for (var v = 1; v < w.Count; v++)
        {
            if (!TalkVerbs.Contains(Canonical(w[v])))
                continue;
            for (var p = v - 1; p >= 0 && v - p <= VerbToPersonWindow; p--)
            {
                if (IsPerson(w, p) && !IsNegated(w, p, v) && !AsksForInformation(w, p))
                    return new HandoverReason(HandoverTriggers.ContactRequest, "asks for a person", string.Join(' ', w[p..(v + 1)]), 0.95);
            }
        }

        // "is there a human I can talk to?", "any real person here?"
        if (!isWhQuestion && HasPersonPhrase(w) is { } phrase && !IsNegated(w, 0, phrase) && !AsksForInformation(w, phrase))
            return new HandoverReason(HandoverTriggers.ContactRequest, "asks for a person", string.Join(' ', w[Math.Max(0, phrase - 1)..(phrase + 1)]), 0.85);
        if (w.Count >= 3 && w[0] is "is" or "are" && w[1] == "there" && IsPerson(w, 2) || w.Count >= 4 && w[0] is "is" or "are" && w[1] == "there" && IsPerson(w, 3))
            return new HandoverReason(HandoverTriggers.ContactRequest, "asks for a person", string.Join(' ', w), 0.85);
        return null;
    }

    private static bool IsPerson(List<string> w, int i) =>
        ContactRequestLexicon.People.Contains(Canonical(w[i])) || (i > 0 && IsPhrase(w[i - 1], w[i]));

    private static int? HasPersonPhrase(List<string> w)
    {
        for (var i = 1; i < w.Count; i++)
        {
            if (IsPhrase(w[i - 1], w[i]))
                return i;
        }
        return null;
    }

    private static bool IsPhrase(string first, string second)
    {
        foreach (var (a, b) in ContactRequestLexicon.PersonPhrases)
        {
            if (a == first && b == second)
                return true;
        }
        return false;
    }

    /// <summary>A negation shortly before the verb, or between the verb and the person: "no need for a human".</summary>
    private static bool IsNegated(List<string> w, int from, int to)
    {
        for (var i = Math.Max(0, from - NegationLookBack); i <= to; i++)
        {
            if (ContactRequestLexicon.Negations.Contains(w[i]))
                return true;
        }
        return false;
    }

    /// <summary>"the agent's phone number", "customer service hours": information about people, not a request for one.</summary>
    private static bool AsksForInformation(List<string> w, int person)
    {
        for (var i = person + 1; i < w.Count && i <= person + 2; i++)
        {
            if (ContactRequestLexicon.InformationNouns.Contains(w[i]))
                return true;
        }
        return false;
    }

    /// <summary>"are you a bot?", "am I talking to a human?", "is this a real person?": the shopper asks what we are.</summary>
    private static bool IsAboutTheBot(List<string> w) =>
        w.Count >= 2 && (w[0], w[1]) is ("are", "you") or ("r", "u") or ("are", "u") or ("am", "i") or ("is", "this") or ("is", "it")
            or ("eres", _) or ("es", "un") or ("voce", "e") or ("es", "tu") or ("etes", "vous") or ("bist", "du") or ("sind", "sie");

    /// <summary>Known word, or a one-letter slip of a known person word or verb ("perosn", "speek").</summary>
    private static string Canonical(string word)
    {
        if (word.Length < 5 || ContactRequestLexicon.People.Contains(word) || ContactRequestLexicon.Verbs.Contains(word))
            return word;
        foreach (var known in Candidates)
        {
            if (known[0] == word[0] && Math.Abs(known.Length - word.Length) <= 1 && WithinOneEdit(word, known))
                return known;
        }
        return word;
    }

    private static readonly string[] Candidates = ["human", "person", "agent", "operator", "representative", "someone", "somebody", "support", "speak", "transfer", "connect"];

    /// <summary>Damerau-Levenshtein distance at most one (one substitution, insertion, deletion or swap of neighbours).</summary>
    internal static bool WithinOneEdit(string a, string b)
    {
        if (a == b)
            return true;
        if (a.Length == b.Length)
        {
            var first = -1;
            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] == b[i])
                    continue;
                if (first >= 0)
                {
                    // A second difference is fine only as the other half of a swap.
                    return i == first + 1 && a[first] == b[i] && a[i] == b[first] && a[(i + 1)..] == b[(i + 1)..];
                }
                first = i;
            }
            return true;
        }
        var (shorter, longer) = a.Length < b.Length ? (a, b) : (b, a);
        if (longer.Length - shorter.Length != 1)
            return false;
        var skipped = false;
        for (int i = 0, j = 0; i < shorter.Length; j++)
        {
            if (shorter[i] == longer[j])
            {
                i++;
                continue;
            }
            if (skipped)
                return false;
            skipped = true;
        }
        return true;
    }
}

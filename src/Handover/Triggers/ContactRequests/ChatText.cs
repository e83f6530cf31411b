using System.Text;

namespace Handover.Triggers.ContactRequests;

/// <summary>
/// Splits a chat message into clauses of folded words: lower case, accents removed, letters repeated three or more
/// times squeezed ("pleeease" -> "pleease"), apostrophes dropped ("don't" -> "dont"), known typos corrected. Clause
/// boundaries are , . ; ! ? and "but", so "No, I want a human" keeps its "No" apart from the request.
/// </summary>
internal static class ChatText
{
    public static List<List<string>> Clauses(string text)
    {
        var clauses = new List<List<string>>();
        var clause = new List<string>();
        var word = new StringBuilder();

        void EndWord()
        {
            if (word.Length == 0)
                return;
            var w = word.ToString();
            word.Clear();
            if (w is "but" or "pero" or "mas" or "mais" or "aber")
            {
                EndClause();
                return;
            }
            clause.Add(ContactRequestLexicon.Typos.TryGetValue(w, out var meant) ? meant : w);
        }

        void EndClause()
        {
            EndWord();
            if (clause.Count > 0)
                clauses.Add(clause);
            clause = [];
        }

        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                var lower = Fold(char.ToLowerInvariant(c));
                // Squeeze runs of 3+ of one letter: "hooooman" -> "hooman", "plssss" -> "plss".
                if (word.Length >= 2 && word[^1] == lower && word[^2] == lower)
                    continue;
                word.Append(lower);
            }
            else if (c is '\'' or '’')
            {
                continue;
            }
            else if (c is ',' or '.' or ';' or '!' or '?' or '\n')
            {
                EndClause();
            }
            else
            {
                EndWord();
            }
        }
        EndClause();
        return clauses;
    }

    // The host runs with invariant globalization (no ICU), so string.Normalize cannot strip accents: fold the
    // Latin letters of the supported languages by hand.
    private const string Accented = "àáâãäåāçèéêëēìíîïīñòóôõöøōùúûüūýÿ";
    private const string Plain = "aaaaaaaceeeeeiiiiinooooooouuuuuyy";

    private static char Fold(char c)
    {
        var i = Accented.IndexOf(c, StringComparison.Ordinal);
        return i < 0 ? c : Plain[i];
    }
}

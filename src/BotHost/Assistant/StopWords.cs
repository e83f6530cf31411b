using System.Collections.Frozen;

namespace BotHost.Assistant;

/// <summary>
/// Words that say nothing about what a shopper is asking, matched on the lower-cased word before stemming
/// (apostrophes are already gone: "don't" arrives as "dont").
/// </summary>
/// <remarks>
/// Besides English function words this drops chat filler ("thanks", "one more thing", "quick question") and the
/// words of asking for a person ("human", "agent"): contact requests are the dialogs' business (T1), and leaving
/// them in would count "no need for a human, just tell me your return window" as half unknown. "where" and "when"
/// are kept on purpose: "where is my order" is a different question from "my order".
/// </remarks>
internal static class StopWords
{
    private static readonly FrozenSet<string> Words = FrozenSet.Create(
        StringComparer.Ordinal,
        // English function words.
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "done", "down", "during", "each", "either", "else", "even",
        "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
        "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
        "may", "me", "might", "mine", "more", "most", "much", "must", "my", "myself", "neither", "no", "nor", "not",
        "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
        "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
        "up", "upon", "very", "was", "we", "were", "what", "whatever", "which", "while", "who", "whom", "whose",
        "why", "will", "with", "would", "yet", "you", "your", "yours", "yourself", "yourselves", "u", "ur", "r",
        "many", "also", "already", "still", "anything", "something", "everything", "nothing", "anyone", "anybody",
        "someone", "somebody", "everyone", "somewhere", "anywhere", "way", "ways",
        // Contractions, as they arrive without the apostrophe.
        "im", "ive", "id", "ill", "youre", "youve", "youd", "youll", "weve", "theyre", "theyve", "dont", "doesnt",
        "didnt", "cant", "cannot", "couldnt", "wont", "wouldnt", "shouldnt", "isnt", "arent", "wasnt", "werent",
        "havent", "hasnt", "hadnt", "whats", "hows", "thats", "theres", "lets", "gonna", "wanna", "gotta",
        // Chat filler and politeness.
        "hi", "hello", "hey", "hiya", "yo", "thanks", "thank", "thx", "ty", "cheers", "please", "pls", "plz",
        "ok", "okay", "yes", "yeah", "yep", "sure", "well", "oh", "um", "uh", "hmm", "just", "really", "actually",
        "maybe", "perhaps", "quick", "question", "questions", "wondering", "wonder", "wondered", "curious", "ask",
        "asking", "tell", "know", "want", "wanted", "need", "needed", "like", "get", "getting", "got", "one",
        "thing", "things", "another", "anyway", "bit", "lot", "kind", "help", "assist", "info", "information",
        "possible", "able", "let", "say", "said", "look", "looking", "see", "guys", "kindly",
        "now", "currently", "today", "right", "certain", "extra", "instead", "ago", "two", "three", "several", "back",
        "stuff", "mind", "usual", "usually", "normally", "last", "soon", "live", "work", "works", "working", "worked",
        // Verbs too general to say what a question is about ("the item I received", "my card keeps failing").
        "give", "gives", "giving", "gave", "go", "goes", "going", "went", "make", "makes", "made", "making", "keep",
        "keeps", "kept", "show", "shows", "showed", "showing", "put", "come", "comes", "came", "receive", "received",
        "receiving", "gets", "happen", "happens", "happened",
        // Who a shopper buys for or is says nothing about the shop's answer.
        "customer", "customers", "friend", "friends", "mom", "mum", "mother", "dad", "father", "wife", "husband",
        "sister", "brother", "son", "daughter", "girlfriend", "boyfriend", "partner", "family", "kid", "kids",
        // Asking for a person is a dialog trigger (T1), not a knowledge question.
        "human", "person", "people", "agent", "representative", "rep", "operator", "staff", "real",
        // "Do you offer/sell/carry X" is about X.
        "offer", "offers", "sell", "sells", "carry", "provide", "provides");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Words.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool Contains(ReadOnlySpan<char> lowerCaseWord) => Lookup.Contains(lowerCaseWord);
}

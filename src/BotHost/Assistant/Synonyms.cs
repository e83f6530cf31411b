using System.Collections.Frozen;

namespace BotHost.Assistant;

/// <summary>
/// Shop words that mean the same thing, folded onto one term so a question finds an entry written with the other
/// word ("delivery" finds "shipping", "money back" finds "refund"). Applied to stems, on both sides of the index.
/// </summary>
/// <remarks>
/// "return" and "refund" are deliberately not folded together: a knowledge base has separate entries for how to
/// send something back and for when the money arrives, and folding them makes those entries indistinguishable.
/// Knowledge base authors relate them with keywords instead. Garment names fold to "item": for policy questions a
/// jacket is an item, and "can I return these jeans" must not look half unknown.
/// </remarks>
internal static class Synonyms
{
    private static readonly (string Canonical, string[] Words)[] Groups =
    [
        ("ship", ["shipping", "shipment", "deliver", "delivery", "postage", "dispatch", "courier", "send"]),
        ("return", ["returnable"]),
        ("size", ["small", "smaller", "medium", "large", "larger", "big", "bigger", "xs", "xl", "xxl"]),
        ("refund", ["reimburse", "reimbursement", "refundable"]),
        ("giftcard", ["egift", "giftcards"]),
        ("pay", ["payment", "payments"]),
        ("cost", ["price", "fee", "charge", "rate"]),
        ("email", ["mail"]),
        ("cancel", ["cancellation", "cancelled"]),
        ("track", ["trace"]),
        ("order", ["purchase"]),
        ("exchange", ["swap"]),
        ("discount", ["coupon", "promo", "promotion"]),
        ("warranty", ["guarantee"]),
        ("damage", ["damaged", "defect", "defective", "faulty", "break", "ripped", "tear"]),
        ("express", ["expedited", "fast", "faster", "fastest", "quicker", "quickest", "quickly", "rush", "overnight", "priority", "tomorrow"]),
        ("change", ["modify", "edit", "update", "fix", "correct", "amend"]),
        ("expire", ["expiry", "expiration", "expires", "expired", "valid", "validity"]),
        ("fail", ["failed", "failing", "declined", "rejected", "error"]),
        ("standard", ["regular", "normal", "economy"]),
        ("international", ["worldwide", "abroad", "overseas"]),
        ("europe", ["eu", "european"]),
        ("domestic", ["usa", "america"]),
        ("canada", ["canadian"]),
        ("contact", ["reach"]),
        ("hour", ["open", "opening", "close", "closing", "closed"]),
        ("parcel", ["package"]),
        ("cloth", ["clothing", "clothes", "apparel", "garment"]),
        ("item", [
            "product", "jeans", "shirt", "tshirt", "tee", "dress", "jacket", "coat", "sweater", "jumper", "hoodie",
            "sweatshirt", "cardigan", "skirt", "pants", "trousers", "shorts", "leggings", "blouse", "top", "sock",
            "shoe", "boot", "sneaker", "sandal", "hat", "cap", "scarf", "glove", "belt", "bag",
        ]),
    ];

    // Two-word phrases, matched before stop words are dropped ("how much" is two stop words on its own).
    private static readonly (string Canonical, string[] Phrases)[] PhraseGroups =
    [
        ("giftcard", ["gift card", "gift certificate", "gift voucher", "egift card"]),
        ("refund", ["money back"]),
        ("contact", ["in touch"]),
        ("long", ["how soon"]),
        ("fail", ["not work", "isnt work", "doesnt work", "dont work", "didnt work", "wont work", "not working"]),
        ("arrive", ["show up", "turn up"]),
        ("return", ["send back", "sending back"]),
        ("cost", ["how much"]),
        ("express", ["next day", "same day"]),
        ("domestic", ["united states", "the us"]),
        ("email", ["email address", "mail address"]),
        ("support", ["customer service", "customer support", "customer care"]),
        ("phone", ["phone number", "telephone number"]),
        ("hour", ["business hours", "office hours"]),
        ("storecredit", ["store credit", "shop credit"]),
        ("card", ["credit card", "debit card"]),
        ("applepay", ["apple pay"]),
        ("amex", ["american express"]),
        ("googlepay", ["google pay"]),
        ("discount", ["discount code", "promo code", "coupon code", "voucher code"]),
        ("size", ["size chart", "size guide", "size table"]),
        ("soldout", ["sold out"]),
        ("installment", ["pay later"]),
    ];

    private static readonly FrozenDictionary<string, string> Words = BuildWords();
    private static readonly FrozenDictionary<string, string> Phrases = BuildPhrases();

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> WordLookup =
        Words.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> PhraseLookup =
        Phrases.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The canonical term for a stem, or the stem itself.</summary>
    public static ReadOnlySpan<char> Fold(ReadOnlySpan<char> stem) =>
        WordLookup.TryGetValue(stem, out var canonical) ? canonical : stem;

    /// <summary>The canonical term for two adjacent stems written as "first second", if they form a known phrase.</summary>
    public static bool TryFoldPhrase(ReadOnlySpan<char> twoStems, out string canonical) =>
        PhraseLookup.TryGetValue(twoStems, out canonical!);

    private static FrozenDictionary<string, string> BuildWords()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (canonical, words) in Groups)
        {
            var term = Stemmer.Stem(canonical);
            foreach (var word in words)
                map[Stemmer.Stem(word)] = term;
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, string> BuildPhrases()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (canonical, phrases) in PhraseGroups)
        {
            var term = Stemmer.Stem(canonical);
            foreach (var phrase in phrases)
            {
                var words = phrase.Split(' ');
                map[$"{Stemmer.Stem(words[0])} {Stemmer.Stem(words[1])}"] = term;
            }
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

namespace Handover.Triggers.ContactRequests;

/// <summary>
/// The words of a request for a person (T1) in English, Spanish, Portuguese, French and German, already folded
/// (lower case, accents removed). Kept as data so a new language is a list, not code.
/// </summary>
internal static class ContactRequestLexicon
{
    /// <summary>Who the shopper wants: a person, not the bot.</summary>
    public static readonly HashSet<string> People = new(StringComparer.Ordinal)
    {
        // English, with common slang and misspellings
        "human", "humans", "hooman", "hoomans", "hooman", "humanbeing", "person", "persons", "people", "agent", "agents", "operator",
        "representative", "rep", "someone", "somebody", "staff", "employee", "manager", "supervisor", "advisor", "adviser", "associate",
        "humaine", "humano", "humana", "persona", "agente", "asesor", "asesora", "operador", "operadora", "alguien",
        "pessoa", "atendente", "alguem", "humain", "personne", "conseiller", "conseillere", "quelqu'un", "quelquun",
        "mensch", "menschen", "mitarbeiter", "mitarbeiterin", "berater", "beraterin", "jemand", "jemandem", "kundendienst", "kundenservice",
    };

    /// <summary>Words that on their own, as the whole message, ask for a person ("support", "agent pls").</summary>
    public static readonly HashSet<string> OneWordRequests = new(StringComparer.Ordinal)
    {
        "human", "hooman", "person", "agent", "operator", "representative", "rep", "support", "someone", "staff", "manager",
        "humano", "persona", "agente", "asesor", "operador", "soporte", "pessoa", "atendente", "suporte",
        "humain", "personne", "conseiller", "mensch", "menschen", "mitarbeiter", "mitarbeiterin", "berater", "kundendienst", "kundenservice",
    };

    /// <summary>Ways of asking to be put through.</summary>
    public static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
    {
        "talk", "speak", "chat", "connect", "transfer", "put", "get", "want", "need", "call", "reach", "contact", "escalate", "give",
        "see", "pass", "redirect", "forward", "switch", "prefer", "rather", "request", "bring",
        "hablar", "comunicar", "comunicarme", "pasar", "pasame", "quiero", "necesito", "conectar", "conectame", "contactar", "transferir",
        "falar", "quero", "preciso", "gostaria", "passar", "parler", "veux", "voudrais", "besoin", "passer", "contacter", "joindre",
        "sprechen", "mochte", "will", "brauche", "verbinden", "reden", "durchstellen",
    };

    /// <summary>Words that turn the request around ("no need for a human", "I don't want an agent").</summary>
    public static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "no", "not", "dont", "don't", "never", "without", "nope", "neither", "nor", "doesnt", "isnt", "wont", "cant",
        "nao", "sin", "nunca", "ne", "pas", "sans", "nicht", "kein", "keine", "keinen", "ohne",
    };

    /// <summary>Information people ask about a team, which the AI answers ("your support e-mail", "customer service hours").</summary>
    public static readonly HashSet<string> InformationNouns = new(StringComparer.Ordinal)
    {
        "email", "e-mail", "mail", "address", "hours", "hour", "number", "phone", "open", "opening", "times", "time", "available",
        "availability", "contact", "details", "policy", "correo", "horario", "telefono", "direccion", "horaire", "adresse", "telephone",
        "telefone", "endereco", "horario", "telefonnummer", "adresse", "offnungszeiten", "zeiten",
    };

    /// <summary>Two-word names of a person-shaped service that count as a request on their own ("customer service", "live agent").</summary>
    public static readonly (string First, string Second)[] PersonPhrases =
    [
        ("real", "person"), ("real", "human"), ("real", "agent"), ("live", "agent"), ("live", "person"), ("live", "chat"),
        ("actual", "person"), ("actual", "human"), ("human", "being"), ("customer", "service"), ("customer", "support"),
        ("customer", "care"), ("help", "desk"), ("support", "team"), ("persona", "real"), ("atencion", "cliente"),
        ("pessoa", "real"), ("service", "client"), ("vraie", "personne"), ("echten", "menschen"), ("echter", "mensch"),
    ];

    /// <summary>Filler that does not change what a short message asks for.</summary>
    public static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "please", "pls", "plz", "pleas", "now", "asap", "thanks", "thank", "you", "thx", "ty", "a", "an", "the", "some", "just", "hi",
        "hello", "hey", "ok", "okay", "real", "live", "actual", "i", "me", "want", "need", "por", "favor", "un", "una", "um", "uma",
        "svp", "stp", "plait", "s'il", "vous", "bitte", "einen", "einem", "einer", "ein", "mit", "le", "la", "el", "o", "quiero",
        "je", "veux", "ich", "will",
    };

    /// <summary>Typos seen in chats, mapped to the word meant (edit distance does the rest).</summary>
    public static readonly Dictionary<string, string> Typos = new(StringComparer.Ordinal)
    {
        ["tlak"] = "talk", ["taalk"] = "talk", ["tak"] = "talk", ["speek"] = "speak", ["spek"] = "speak", ["hmuan"] = "human",
        ["humna"] = "human", ["huamn"] = "human", ["hooman"] = "human", ["hoomin"] = "human", ["humen"] = "human", ["agnet"] = "agent",
        ["aget"] = "agent", ["agant"] = "agent", ["agen"] = "agent", ["persn"] = "person", ["peron"] = "person", ["perosn"] = "person",
        ["suport"] = "support", ["supprt"] = "support", ["soport"] = "support", ["someon"] = "someone", ["somone"] = "someone",
        ["sombody"] = "somebody", ["opperator"] = "operator", ["operater"] = "operator", ["represenative"] = "representative",
        ["wanna"] = "want", ["gimme"] = "give", ["u"] = "you", ["ppl"] = "people", ["sb"] = "somebody", ["smb"] = "somebody",
        ["ne1"] = "anyone", ["anyone"] = "someone", ["anybody"] = "someone",
    };
}

namespace BotHost.Recognizers.Currency;

/// <summary>
/// The currencies the recognizer knows. Three-letter codes that are also English words (ALL, BOB, PEN,
/// MAD, GEL, TRY) are deliberately absent: "All 70 of us" is not 70 Albanian lek.
/// </summary>
internal static class CurrencyUnits
{
    private static readonly (string, double)[] Cents = [("cents", 0.01), ("cent", 0.01)];

    public static readonly CurrencyUnit Dollar = new("Dollar", null, "dollar") { Minor = Cents };
    public static readonly CurrencyUnit Cent = new("Cent", null, "cent");

    /// <summary>All forms, longest first, so "australian dollars" wins over "dollars" and "c $" over "$".</summary>
    public static readonly UnitForm[] Forms = Build();

    private static UnitForm[] Build()
    {
        var forms = new List<UnitForm>();
        void Add(CurrencyUnit unit, UnitPlacement placement, params string[] written)
        {
            foreach (var form in written)
            {
                forms.Add(new UnitForm(form, unit, placement));
            }
        }

        const UnitPlacement Both = UnitPlacement.Prefix | UnitPlacement.Suffix;
        const UnitPlacement Code = UnitPlacement.Prefix | UnitPlacement.Suffix | UnitPlacement.Alone;
        const UnitPlacement Name = UnitPlacement.Suffix | UnitPlacement.Alone;

        Add(Dollar, Both, "$");
        Add(Dollar, Name, "dollar", "dollars");
        Add(Dollar, UnitPlacement.Suffix, "bucks", "buck");
        Add(Cent, UnitPlacement.Suffix, "cent", "cents");

        var usd = new CurrencyUnit("United States dollar", "USD", "dollar") { Minor = Cents };
        Add(usd, Both, "us $", "us$", "u.s $", "u.s.$", "u.s. $", "usd$");
        Add(usd, Code, "usd");
        Add(usd, Name, "us dollar", "us dollars", "u.s. dollars", "united states dollars", "american dollars");
        forms.Add(new UnitForm("musd", usd, Both, 1e6));

        var cad = new CurrencyUnit("Canadian dollar", "CAD", "dollar") { Minor = Cents };
        Add(cad, Both, "c $", "c$", "cad$", "can$");
        Add(cad, Code, "cad");
        Add(cad, Name, "canadian dollar", "canadian dollars");

        var hkd = new CurrencyUnit("Hong Kong dollar", "HKD", "dollar") { Minor = Cents };
        Add(hkd, Both, "hk $", "hk$", "hkd$");
        Add(hkd, Code, "hkd");
        Add(hkd, Name, "hong kong dollar", "hong kong dollars");

        var aud = new CurrencyUnit("Australian dollar", "AUD", "dollar") { Minor = Cents };
        Add(aud, Both, "aud$", "au$");
        Add(aud, Code, "aud");
        Add(aud, Name, "australian dollar", "australian dollars");
        forms.Add(new UnitForm("maud", aud, Both, 1e6));

        var nzd = new CurrencyUnit("New Zealand dollar", "NZD", "dollar") { Minor = Cents };
        Add(nzd, Both, "nzd$", "nz$");
        Add(nzd, Code, "nzd");
        Add(nzd, Name, "new zealand dollar", "new zealand dollars");

        var mxn = new CurrencyUnit("Mexican peso", "MXN", "peso") { Minor = Cents };
        Add(mxn, Both, "mxn$", "mex$");
        Add(mxn, Code, "mxn");
        Add(mxn, Name, "mexican peso", "mexican pesos");

        var eur = new CurrencyUnit("Euro", "EUR", "euro") { Minor = Cents };
        Add(eur, Both, "€");
        Add(eur, Code, "eur");
        Add(eur, Name, "euro", "euros");
        forms.Add(new UnitForm("meur", eur, Both, 1e6));

        var pence = new (string, double)[] { ("pence", 0.01), ("penny", 0.01), ("pennies", 0.01) };
        var pound = new CurrencyUnit("Pound", null, "pound") { Minor = pence };
        Add(pound, Both, "£");
        Add(pound, Name, "pound", "pounds", "quid");
        var gbp = new CurrencyUnit("British pound", "GBP", "pound") { Minor = pence };
        Add(gbp, Code, "gbp");
        Add(gbp, Name, "british pound", "british pounds", "pound sterling", "pounds sterling");
        forms.Add(new UnitForm("mgbp", gbp, Both, 1e6));
        Add(new CurrencyUnit("Pence", null, "pence"), UnitPlacement.Suffix, "pence");
        Add(new CurrencyUnit("Penny", null, "penny"), UnitPlacement.Suffix, "penny", "pennies");

        var jpy = new CurrencyUnit("Japanese yen", "JPY", "yen");
        Add(jpy, Both, "¥");
        Add(jpy, Code, "jpy");
        Add(jpy, Name, "yen", "japanese yen");

        var cny = new CurrencyUnit("Chinese yuan", "CNY", "yuan") { Minor = [("mao", 0.1), ("jiao", 0.1), ("fen", 0.01)] };
        Add(cny, Both, "元");
        Add(cny, Code, "cny", "rmb");
        Add(cny, Name, "yuan", "chinese yuan", "renminbi", "kuai");

        Add(new CurrencyUnit("Swiss franc", "CHF", "franc"), Code, "chf");
        Add(new CurrencyUnit("Swiss franc", "CHF", "franc"), Name, "swiss franc", "swiss francs");
        Add(new CurrencyUnit("Franc", null, "franc"), Name, "franc", "francs");
        Add(new CurrencyUnit("Finnish markka", null, "markka"), Name, "finnish markka", "finnish markkaa");
        Add(new CurrencyUnit("Netherlands guilder", null, "guilder"), Name, "dutch guilder", "dutch guilders", "guilder", "guilders");
        Add(new CurrencyUnit("Peseta", null, "peseta"), Name, "peseta", "pesetas");
        Add(new CurrencyUnit("Rupee", null, "rupee"), Name, "rupee", "rupees");
        var inr = new CurrencyUnit("Indian rupee", "INR", "rupee");
        Add(inr, Both, "₹", "rs.");
        Add(inr, Code, "inr");
        Add(inr, Name, "indian rupee", "indian rupees");
        Add(new CurrencyUnit("Sri Lankan rupee", "LKR", "rupee"), Both, "ரூ");
        Add(new CurrencyUnit("Sri Lankan rupee", "LKR", "rupee"), Code, "lkr");
        Add(new CurrencyUnit("Turkish lira", "TRY", "lira"), Name, "turkish lira", "turkish liras");
        Add(new CurrencyUnit("Turkish lira", "TRY", "lira"), Both, "₺");
        var bitcoin = new CurrencyUnit("Bitcoin", null, "bitcoin");
        Add(bitcoin, Both, "₿");
        Add(bitcoin, Code, "btc");
        Add(bitcoin, Name, "bitcoin", "bitcoins");
        Add(new CurrencyUnit("Satoshi", null, "satoshi"), Name, "satoshi", "satoshis");
        Add(new CurrencyUnit("Costa Rican colón", "CRC", "colon"), Both, "₡");
        Add(new CurrencyUnit("Georgian lari", "GEL", "lari"), Both, "₾");
        Add(new CurrencyUnit("Lao kip", "LAK", "kip"), Both, "₭");
        Add(new CurrencyUnit("South Korean won", "KRW", "won"), Both, "₩");
        Add(new CurrencyUnit("South Korean won", "KRW", "won"), Code, "krw");
        Add(new CurrencyUnit("Israeli new shekel", "ILS", "shekel"), Both, "₪");
        Add(new CurrencyUnit("Sen", null, "sen"), Both, "sen");

        return [.. forms.OrderByDescending(f => f.Form.Length)];
    }
}

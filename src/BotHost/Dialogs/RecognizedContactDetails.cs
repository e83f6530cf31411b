using System.Globalization;
using System.Text;
using BotHost.Recognizers;
using Handover.Actions;

namespace BotHost.Dialogs;

/// <summary>
/// The contact form's reader (P2) on the product's recognizers, so the form understands an address or a number inside a
/// sentence and refuses what only looks like one, exactly as the recognizers' conformance suite measures them.
/// </summary>
internal sealed class RecognizedContactDetails : IContactDetailsReader
{
    private readonly EmailRecognizer _email = new();
    private readonly PhoneNumberRecognizer _phone = new();

    public string? ReadEmail(string text)
    {
        var found = _email.Recognize(text);
        return found.Count == 0 ? null : found[0].Resolution.Value;
    }

    public string? ReadPhone(string text)
    {
        var best = _phone.Recognize(text)
            .OrderByDescending(r => double.Parse(r.Resolution.Score ?? "0", CultureInfo.InvariantCulture))
            .FirstOrDefault();
        return best is null ? null : Normalize(best.Resolution.Value);
    }

    /// <summary>
    /// "+1 (415) 555-0100" -> "+14155550100", "0044 20 7946 0958" -> "+442079460958": one spelling per number, so an agent can
    /// dial it and the same number left twice reads the same. An extension stays, after " ext ".
    /// </summary>
    private static string Normalize(string written)
    {
        var number = new StringBuilder();
        var extension = new StringBuilder();
        var inExtension = false;
        foreach (var c in written)
        {
            if (char.IsAsciiLetter(c))
                inExtension = true; // "x123", "ext 123", "extension 123": the recognizer keeps only these letters
            else if (char.IsAsciiDigit(c))
                (inExtension ? extension : number).Append(c);
        }
        var digits = number.ToString();
        if (written.TrimStart().StartsWith('+'))
            digits = "+" + digits;
        else if (digits.StartsWith("00", StringComparison.Ordinal))
            digits = "+" + digits[2..];
        return extension.Length == 0 ? digits : $"{digits} ext {extension}";
    }
}

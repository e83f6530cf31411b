using Handover.Actions;

namespace Handover.Tests.Infrastructure;

/// <summary>
/// The contact form's reader for core tests, which have no recognizers (they live in BotHost): a word with an @ and a dot
/// after it is an e-mail, a run of at least seven digits (with + ( ) - . and spaces) is a phone.
/// </summary>
public sealed class PlainContactDetails : IContactDetailsReader
{
    public string? ReadEmail(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.TrimEnd('.', ',', '!').ToLowerInvariant())
            .FirstOrDefault(w => w.IndexOf('@', StringComparison.Ordinal) is var at && at > 0 && w.IndexOf('.', at) > at + 1 && !w.EndsWith('.'));

    public string? ReadPhone(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || !trimmed.All(c => char.IsAsciiDigit(c) || c is '+' or '(' or ')' or '-' or '.' or ' '))
            return null;
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        return digits.Length < 7 ? null : (trimmed.StartsWith('+') ? "+" : "") + digits;
    }
}

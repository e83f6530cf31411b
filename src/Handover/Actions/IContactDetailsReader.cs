namespace Handover.Actions;

/// <summary>
/// Reads the contact details a shopper typed into the contact form (P2): the host implements it with the product's
/// recognizers, so the form accepts what the bot understands everywhere else ("my mail is jane@example.com").
/// </summary>
public interface IContactDetailsReader
{
    /// <summary>The e-mail address in <paramref name="text"/>, normalized (lower case), or null when there is none.</summary>
    string? ReadEmail(string text);

    /// <summary>The phone number in <paramref name="text"/>, normalized ("+" and digits), or null when there is none.</summary>
    string? ReadPhone(string text);
}

using System.Text.RegularExpressions;
using Handover.Conversations;

namespace Handover.Triggers;

/// <summary>
/// A small English contact-request rule (T1): "talk to a person", "agent please", "support". It is deliberately
/// conservative: questions that merely mention support ("what's your support e-mail?") and negations
/// ("no need for a human") are not requests. NonBacktracking keeps matching linear in the input.
/// </summary>
public sealed partial class ContactRequestDetector : ITriggerDetector
{
    public HandoverReason? Detect(TriggerContext context)
    {
        var text = context.Text.Trim().ToLowerInvariant();
        if (Negated().IsMatch(text))
            return null;
        if (ShortRequest().Match(text) is { Success: true } shortMatch)
            return new HandoverReason(HandoverTriggers.ContactRequest, "one-word request", shortMatch.Groups["who"].Value, 0.9);
        if (AskForPerson().Match(text) is { Success: true } match)
            return new HandoverReason(HandoverTriggers.ContactRequest, "asks for a person", match.Value, 0.95);
        return null;
    }

    // "agent", "support please", "human pls", "operator!"
    [GeneratedRegex(@"^(?:an?\s+)?(?<who>agent|human|support|operator|person|representative|customer service)\s*(?:please|pls|plz|now)?[\s.!?]*$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ShortRequest();

    [GeneratedRegex(@"\b(?:talk|speak|chat|connect|transfer|put)\b(?:\s+\w+){0,3}?\s+(?:to|with)\s+(?:a|an|the|some|real|live|actual|\s)*(?:human|person|agent|someone|somebody|representative|operator|staff|people|customer service)\b|\b(?:real|live|actual)\s+(?:human|person|agent)\b|\b(?:want|need|get)\s+(?:a|an|to\s+(?:speak|talk)\s+to\s+an?)?\s*(?:human|agent|operator|representative)\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex AskForPerson();

    [GeneratedRegex(@"\b(?:no need|don'?t need|do not need|don'?t want|do not want|no)\s+(?:for\s+|to\s+\w+\s+to\s+)?(?:a|an)?\s*(?:human|person|agent|operator)\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Negated();
}

using System.Globalization;
using Handover.Conversations;
using Handover.Messages;

namespace Channels.Teams;

/// <summary>What the card says about who has the conversation now.</summary>
internal sealed record CardStatus(string Text, bool Claimable)
{
    public static readonly CardStatus Waiting = new("⏳ Waiting for an agent", true);
}

/// <summary>
/// The Adaptive Card posted in the agents' channel for each handover: the shopper, the channel, why it was handed over
/// (trigger, rule, evidence, confidence), the last messages, who has it now, and a Claim button while it waits.
/// Claim is <c>Action.Execute</c> (an <c>adaptiveCard/action</c> invoke; clients without Universal Actions fall back to submit).
/// </summary>
internal static class HandoverCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string ClaimVerb = "claim";

    public static Dictionary<string, object?> Build(Conversation c, IReadOnlyList<StoredMessage> lastMessages, CardStatus status)
    {
        var reason = c.HandoverReason;
        var facts = new List<object>
        {
            Fact("Shopper", c.ShopperName ?? c.ShopperId),
            Fact("Channel", c.Channel),
            Fact("Reason", reason?.Trigger ?? "unknown"),
        };
        if (reason?.Rule is { } rule)
            facts.Add(Fact("Rule", rule));
        if (reason?.Evidence is { } evidence)
            facts.Add(Fact("Evidence", $"“{evidence}”"));
        if (reason is not null)
            facts.Add(Fact("Confidence", reason.Confidence.ToString("0.00", CultureInfo.InvariantCulture)));
        facts.Add(Fact("Code", ShortCode(c.Id)));

        var body = new List<object>
        {
            new Dictionary<string, object?> { ["type"] = "TextBlock", ["text"] = $"🛍 {c.ShopperName ?? "A shopper"} needs a person", ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new Dictionary<string, object?> { ["type"] = "FactSet", ["facts"] = facts },
        };
        if (lastMessages.Count > 0)
        {
            body.Add(new Dictionary<string, object?> { ["type"] = "TextBlock", ["text"] = "Last messages", ["weight"] = "Bolder", ["spacing"] = "Medium" });
            foreach (var m in lastMessages.Where(m => !m.Internal))
                body.Add(new Dictionary<string, object?> { ["type"] = "TextBlock", ["text"] = Line(m, c.ShopperName), ["wrap"] = true, ["spacing"] = "None" });
        }
        body.Add(new Dictionary<string, object?> { ["type"] = "TextBlock", ["text"] = status.Text, ["weight"] = "Bolder", ["color"] = status.Claimable ? "Attention" : "Good", ["wrap"] = true });

        var card = new Dictionary<string, object?>
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (status.Claimable)
        {
            card["actions"] = new object[]
            {
                new Dictionary<string, object?>
                {
                    ["type"] = "Action.Execute", ["title"] = "Claim", ["verb"] = ClaimVerb,
                    ["data"] = new Dictionary<string, string> { ["action"] = ClaimVerb, ["conversationId"] = c.Id },
                },
            };
        }
        return card;
    }

    /// <summary>The short code agents type in "claim &lt;code&gt;" (a unique prefix of the conversation id is accepted too).</summary>
    public static string ShortCode(string conversationId) => conversationId.Length <= 8 ? conversationId : conversationId[..8];

    private static Dictionary<string, string> Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static string Line(StoredMessage m, string? shopperName)
    {
        var text = m.Text.Length > 300 ? m.Text[..300] + "…" : m.Text;
        return m.Role switch
        {
            MessageRole.Shopper => $"🛍 {shopperName ?? "Shopper"}: {text}",
            MessageRole.Ai => $"🤖 {text}",
            MessageRole.Human => $"👤 {m.AgentId}: {text}",
            _ => $"ℹ️ {text}",
        };
    }
}

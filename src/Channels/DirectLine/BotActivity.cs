using System.Text;
using System.Text.Json.Nodes;
using Handover.Messages;
using Handover.Outbox;

namespace Channels.DirectLine;

/// <summary>
/// An outbound message as the bot activity Web Chat renders. A human agent's message starts with their name in bold,
/// so the shopper always sees who wrote it (the assistant never passes for a person, nor a person for the assistant).
/// </summary>
internal static class BotActivity
{
    public static string Render(OutboundMessage message, ActivitySlot slot, string botName)
    {
        var text = message.Role == MessageRole.Human
            ? $"**{EscapeMarkdown(message.AgentName ?? "Agent")}:** {message.Text}"
            : message.Text;

        var handover = new JsonObject { ["role"] = message.Role.ToWire() };
        if (message.AgentId is not null)
            handover["agentId"] = message.AgentId;

        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = slot.ActivityId,
            ["timestamp"] = DirectLineJson.Timestamp(slot.Timestamp),
            ["channelId"] = "directline",
            ["conversation"] = new JsonObject { ["id"] = message.Address },
            ["from"] = new JsonObject { ["id"] = slot.BotId, ["name"] = message.AgentName ?? botName, ["role"] = "bot" },
            ["text"] = text,
            ["textFormat"] = "markdown",
            ["channelData"] = new JsonObject { ["handover"] = handover },
        };
        if (message.AttachmentJson is { } card)
        {
            // A card the core sends (the pickup contact form): Web Chat renders Adaptive Cards and posts their submit
            // back as a message with a value, which arrives as InboundMessage.ValueJson.
            activity["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = AdaptiveCardContentType,
                ["content"] = JsonNode.Parse(card),
            });
        }
        return activity.ToJsonString();
    }

    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    private static string EscapeMarkdown(string value)
    {
        var escaped = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#')
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}

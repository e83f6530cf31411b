using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handover.Messages;
using Microsoft.AspNetCore.Http;

namespace Channels.DirectLine;

/// <summary>An activity a client posted, validated. <see cref="Body"/> is kept whole: the echo must carry its fields back.</summary>
internal sealed record InboundActivity(JsonObject Body, string Type, string? ClientActivityId, string? FromName)
{
    public const string Message = "message";
    public const string Typing = "typing";
    public const int MaxClientActivityIdLength = 200;
    public const int MaxNameLength = 100;

    private static readonly HashSet<string> AcceptedTypes = [Message, Typing, "event", "conversationUpdate"];

    public bool IsMessage => Type == Message;

    public static (InboundActivity? Activity, IResult? Problem) Parse(JsonNode? node)
    {
        if (node is not JsonObject body)
            return Fail("The body must be an activity: a JSON object.");

        if (!TryGetString(body, "type", out var type) || string.IsNullOrWhiteSpace(type))
            return Fail("The activity has no 'type'.");
        if (!AcceptedTypes.Contains(type))
            return Fail($"Activity type '{Clip(type)}' is not supported; send message, typing, event or conversationUpdate.");

        string? clientActivityId = null;
        if (body["channelData"] is { } channelData)
        {
            if (channelData is not JsonObject channelDataObject)
                return Fail("'channelData' must be an object.");
            if (channelDataObject["clientActivityID"] is { } clientId)
            {
                if (!IsString(clientId, out clientActivityId) || clientActivityId.Length is 0 or > MaxClientActivityIdLength)
                    return Fail($"'channelData.clientActivityID' must be a string of 1 to {MaxClientActivityIdLength} characters.");
            }
        }

        string? fromName = null;
        if (body["from"] is { } from)
        {
            if (from is not JsonObject fromObject)
                return Fail("'from' must be an object.");
            if (fromObject["name"] is { } name && name.GetValueKind() != JsonValueKind.Null
                && (!IsString(name, out fromName) || fromName.Length > MaxNameLength))
                return Fail($"'from.name' must be a string of at most {MaxNameLength} characters.");
        }

        if (type == Message)
        {
            string? text = null;
            if (body["text"] is { } textNode && textNode.GetValueKind() != JsonValueKind.Null && !IsString(textNode, out text))
                return Fail("'text' must be a string.");
            if (text is { Length: > MessageLimits.MaxTextLength })
                return (null, DirectLineProblems.Create(StatusCodes.Status400BadRequest, "MessageTooLong",
                    string.Create(CultureInfo.InvariantCulture, $"'text' has {text.Length} characters; at most {MessageLimits.MaxTextLength} are accepted.")));
            if (body["attachments"] is JsonArray { Count: > 0 })
                return (null, DirectLineProblems.AttachmentsNotSupported());
            var hasValue = body["value"] is { } value && value.GetValueKind() != JsonValueKind.Null;
            if (string.IsNullOrWhiteSpace(text) && !hasValue)
                return Fail("A message needs 'text' (or the 'value' of a card submit).");
        }

        return (new InboundActivity(body, type, clientActivityId, fromName), null);
    }

    /// <summary>
    /// The echo every client receives: the posted activity with the server's id, time and conversation, sent as the
    /// token's user whatever <c>from</c> the client claimed. <c>channelData.clientActivityID</c> stays as posted:
    /// Web Chat matches the echo to its pending message by it.
    /// </summary>
    public string RenderEcho(ActivitySlot slot, DirectLineConversation conversation)
    {
        var echo = (JsonObject)Body.DeepClone();
        echo["id"] = slot.ActivityId;
        echo["timestamp"] = DirectLineJson.Timestamp(slot.Timestamp);
        echo["channelId"] = "directline";
        echo["conversation"] = new JsonObject { ["id"] = conversation.Id };
        var from = new JsonObject { ["id"] = conversation.UserId };
        if ((conversation.UserName ?? FromName) is { } name)
            from["name"] = name;
        from["role"] = "user";
        echo["from"] = from;
        echo.Remove("serviceUrl");
        return echo.ToJsonString();
    }

    private static bool TryGetString(JsonObject body, string property, out string value)
    {
        value = "";
        return body[property] is { } node && IsString(node, out value);
    }

    private static bool IsString(JsonNode node, out string value)
    {
        if (node.GetValueKind() == JsonValueKind.String)
        {
            value = node.GetValue<string>();
            return true;
        }
        value = "";
        return false;
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "...";

    private static (InboundActivity?, IResult?) Fail(string message) => (null, DirectLineProblems.BadArgument(message));
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handover.Actions;

/// <summary>The contact form as an Adaptive Card (web chat): e-mail and phone inputs and a submit that says it is this form.</summary>
public static class ContactCard
{
    public const string FormName = "contact";

    public static string Json(string text) => new JsonObject
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = "1.3",
        ["body"] = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true },
            new JsonObject { ["type"] = "Input.Text", ["id"] = "email", ["label"] = "E-mail", ["style"] = "Email", ["placeholder"] = "you@example.com" },
            new JsonObject { ["type"] = "Input.Text", ["id"] = "phone", ["label"] = "Phone", ["style"] = "Tel", ["placeholder"] = "+1 555 123 4567" }),
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "Action.Submit",
            ["title"] = "Send",
            ["data"] = new JsonObject { ["form"] = FormName },
        }),
    }.ToJsonString();

    /// <summary>The card's submit, as the channel hands its value over: false for anything else (another card, plain text).</summary>
    public static bool TryReadSubmit(string? json, out string? email, out string? phone)
    {
        email = phone = null;
        if (json is null)
            return false;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("form", out var form) || form.ValueKind != JsonValueKind.String
                || form.GetString() != FormName)
                return false;
            email = Field(root, "email");
            phone = Field(root, "phone");
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString()!.Trim() : null;
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Handover.Messages;
using Handover.Persistence;
using Handover.Pipeline;
using Handover.Settings;

namespace Handover.Actions;

public sealed record Contact(long Id, string ConversationId, string? Email, string? Phone, DateTimeOffset CreatedAt);

/// <summary>
/// The shopper's answer to the contact form (P2), in front of the inbound pipeline: the submit is stored as the shopper's
/// message like any other, then its e-mail and phone are validated, a valid pair is stored in Contacts, and the shopper
/// is told plainly what happens next (or what to fix). Everything is keyed by the stored message, so a redelivered
/// submit changes nothing.
/// </summary>
internal sealed partial class ContactFormPipeline(IInboundPipeline inner, Database database, SystemMessages messages, BotConfigCatalog bots, TimeProvider time) : IInboundPipeline
{
    public const string DefaultSavedText = "Thank you! We have your details ({Contact}). An agent will contact you as soon as one is free; you can also keep writing here.";

    [GeneratedRegex(@"^\+?[0-9 ()\-.]{6,20}$")]
    private static partial Regex PhonePattern();

    public async Task<InboundResult> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var result = await inner.AcceptAsync(message, cancellationToken);
        if (result.Duplicate || !TryReadForm(message.ValueJson, out var email, out var phone))
            return result;

        var problems = new List<string>();
        if (email is not null && !EmailAddress.IsValid(email))
            problems.Add($"\"{email}\" does not look like an e-mail address");
        if (phone is not null && (!PhonePattern().IsMatch(phone) || phone.Count(char.IsDigit) < 6))
            problems.Add($"\"{phone}\" does not look like a phone number");
        if (email is null && phone is null)
            problems.Add("the form was empty");
        var key = $"contact:{result.MessageId}";
        if (problems.Count > 0)
        {
            await messages.PostAsync(result.ConversationId, key, $"Sorry, {string.Join(" and ", problems)}. Please try again.", isInternal: false, cancellationToken,
                ContactCard.Json(PickupJob.DefaultFormText));
            return result;
        }

        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO contacts (conversation_id, source_message_id, email, phone, created_at)
                VALUES (@ConversationId, @MessageId, @email, @phone, @now) ON CONFLICT DO NOTHING
                """, new { result.ConversationId, result.MessageId, email, phone, now = time.NowMs() });
        }
        var contact = string.Join(", ", new[] { email, phone }.Where(x => x is not null));
        var text = (bots.For(message.BotId).Notices.ContactSaved ?? DefaultSavedText).Replace("{Contact}", contact, StringComparison.Ordinal);
        await messages.PostAsync(result.ConversationId, key, text, isInternal: false, cancellationToken);
        await messages.PostAsync(result.ConversationId, key + ":note", $"Contact left by the shopper: {contact}. Follow up when you can.", isInternal: true, cancellationToken);
        return result;
    }

    private static bool TryReadForm(string? json, out string? email, out string? phone)
    {
        email = phone = null;
        if (json is null)
            return false;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("form", out var form) || form.GetString() != ContactCard.FormName)
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

public sealed class ContactStore(Database database)
{
    public async Task<IReadOnlyList<Contact>> ForConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string ConversationId, string? Email, string? Phone, long CreatedAt)>(
            "SELECT id, conversation_id, email, phone, created_at FROM contacts WHERE conversation_id = @conversationId ORDER BY id", new { conversationId });
        return rows.Select(r => new Contact(r.Id, r.ConversationId, r.Email, r.Phone, Clock.FromUnixMs(r.CreatedAt))).ToList();
    }
}

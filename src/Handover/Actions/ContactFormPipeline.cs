using Handover.Persistence;
using Handover.Pipeline;
using Handover.Settings;

namespace Handover.Actions;

/// <summary>
/// The shopper's answers to the contact form (P2), behind the inbound pipeline: the message is stored like any other
/// first, then read as an answer. A card's submit (web chat) has its e-mail and phone read by the
/// <see cref="IContactDetailsReader"/>, a valid one is stored in Contacts and the shopper is told plainly what happens next
/// (or what to fix); on text channels a message answers the form's current question (<see cref="TextContactForms"/>).
/// Everything is keyed by the stored message, so a redelivered message changes nothing.
/// </summary>
internal sealed class ContactFormPipeline(
    IInboundPipeline inner, Database database, SystemMessages messages, TextContactForms textForms, IContactDetailsReader reader,
    BotConfigCatalog bots, TimeProvider time) : IInboundPipeline
{
    public const string DefaultSavedText = "Thank you! We have your details ({Contact}). An agent will contact you as soon as one is free; you can also keep writing here.";

    public async Task<InboundResult> AcceptAsync(Messages.InboundMessage message, CancellationToken cancellationToken)
    {
        var result = await inner.AcceptAsync(message, cancellationToken);
        if (result.Duplicate)
            return result;
        if (ContactCard.TryReadSubmit(message.ValueJson, out var email, out var phone))
            await AcceptCardAsync(message.BotId, result, email, phone, cancellationToken);
        else if (TextContactForms.AsksInTurn(message.Channel) && !result.AiDrives)
        {
            // A form is only asked while the shopper waits for a person: with the AI driving there is nothing to answer
            // (a form left from before ends, without a reply, on the next message that reaches it), so no read either.
            await textForms.AnswerAsync(result.ConversationId, result.MessageId, cancellationToken);
        }
        return result;
    }

    private async Task AcceptCardAsync(string botId, InboundResult result, string? emailField, string? phoneField, CancellationToken cancellationToken)
    {
        var email = emailField is null ? null : reader.ReadEmail(emailField);
        var phone = phoneField is null ? null : reader.ReadPhone(phoneField);
        var problems = new List<string>();
        if (emailField is not null && email is null)
            problems.Add($"\"{emailField}\" does not look like an e-mail address");
        if (phoneField is not null && phone is null)
            problems.Add($"\"{phoneField}\" does not look like a phone number");
        if (emailField is null && phoneField is null)
            problems.Add("the form was empty");
        var key = $"contact:{result.MessageId}";
        if (problems.Count > 0)
        {
            await messages.PostAsync(result.ConversationId, key, $"Sorry, {string.Join(" and ", problems)}. Please try again.", isInternal: false, cancellationToken,
                ContactCard.Json(PickupJob.DefaultFormText));
            return;
        }

        await using (var connection = await database.OpenAsync(cancellationToken))
            await ContactStore.InsertAsync(connection, null, result.ConversationId, result.MessageId, null, email, phone, time.NowMs());
        var contact = ContactStore.Describe(null, email, phone);
        var text = (bots.For(botId).Notices.ContactSaved ?? DefaultSavedText).Replace("{Contact}", contact, StringComparison.Ordinal);
        await messages.PostAsync(result.ConversationId, key, text, isInternal: false, cancellationToken);
        await messages.PostAsync(result.ConversationId, key + ":note", $"Contact left by the shopper: {contact}. Follow up when you can.", isInternal: true, cancellationToken);
    }
}

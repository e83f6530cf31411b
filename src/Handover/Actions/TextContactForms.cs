using System.Data.Common;
using Dapper;
using Handover.Conversations;
using Handover.Persistence;
using Handover.Settings;

namespace Handover.Actions;

/// <summary>
/// The contact form on text channels (P2), around the pure <see cref="TextContactForm"/>: started when the pickup timeout
/// passes, then fed the shopper's messages as answers while it is in progress. The form's state, what the shopper is told
/// next and the stored contact are written in one transaction, by compare-and-set on the form's version, so answers that
/// arrive together are read once each and in order. Any transition of the conversation after the form began (an agent
/// claims it, transfers it, gives it back, resolves it) or a human's message to the shopper ends the form.
/// </summary>
internal sealed class TextContactForms(
    Database database, ConversationStore conversations, SystemMessages messages, IContactDetailsReader reader, BotConfigCatalog bots, TimeProvider time)
{
    private const int MaxRaces = 10;

    /// <summary>Web chat shows the contact form as an Adaptive Card; every other shopper channel (SMS, WhatsApp) is asked in turn.</summary>
    public static bool AsksInTurn(string channel) => channel != "webchat";

    /// <summary>Starts the form for the handover <paramref name="eventId"/>: its state, then the intro with the first question.</summary>
    public async Task StartAsync(Conversation conversation, long eventId, string intro, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
        var args = new { conversationId = conversation.Id };
        var lastEvent = await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM conversation_events WHERE conversation_id = @conversationId", args, tx) ?? 0;
        var lastMessage = await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM messages WHERE conversation_id = @conversationId", args, tx) ?? 0;
        var state = new TextContactFormState { StartedAfterEventId = lastEvent, StartedAfterMessageId = lastMessage, LastMessageId = lastMessage };
        // The same pickup job run again (after a crash) finds its form and its question there and changes nothing;
        // a later handover's form replaces an earlier one.
        await connection.ExecuteAsync("""
            INSERT INTO contact_forms (conversation_id, event_id, state_json, version, updated_at)
            VALUES (@conversationId, @eventId, @json, 1, @now)
            ON CONFLICT (conversation_id) DO UPDATE SET event_id = excluded.event_id, state_json = excluded.state_json,
                version = contact_forms.version + 1, updated_at = excluded.updated_at
            WHERE contact_forms.event_id <> excluded.event_id
            """, new { conversationId = conversation.Id, eventId, json = state.Serialize(), now = time.NowMs() }, tx);
        await messages.StoreAsync(connection, tx, conversation, $"pickup:{eventId}:form", $"{intro} {TextContactForm.NameQuestion}", isInternal: false);
        await tx.CommitAsync(cancellationToken);
        messages.Announce(conversation.Id);
    }

    /// <summary>Reads the shopper's messages up to <paramref name="messageId"/> as the form's answers, if a form is in progress.</summary>
    public async Task AnswerAsync(string conversationId, long messageId, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var row = await connection.QuerySingleOrDefaultAsync<FormRow>(
                "SELECT state_json AS StateJson, version AS Version FROM contact_forms WHERE conversation_id = @conversationId", new { conversationId });
            if (row is null)
                return;
            var state = TextContactFormState.Parse(row.StateJson);
            if (!state.InProgress || messageId <= state.LastMessageId)
                return; // no form, or a concurrent call read this answer already
            if (await conversations.GetAsync(connection, conversationId) is not { } conversation)
                return;

            var (next, replies, contact) = await StillAskingAsync(connection, conversation, state)
                ? await ReadAnswersAsync(connection, conversation, state, messageId)
                : (state with { Step = TextContactFormStep.Ended }, [], null);

            await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
            var written = await connection.ExecuteAsync(
                "UPDATE contact_forms SET state_json = @json, version = version + 1, updated_at = @now WHERE conversation_id = @conversationId AND version = @Version",
                new { json = next.Serialize(), now = time.NowMs(), conversationId, row.Version }, tx);
            if (written == 0)
            {
                await tx.RollbackAsync(cancellationToken);
                continue; // another answer moved the form on; read what is left on the fresh state
            }
            foreach (var (key, text) in replies)
                await messages.StoreAsync(connection, tx, conversation, key, text, isInternal: false);
            if (contact is { } c)
            {
                await ContactStore.InsertAsync(connection, tx, conversationId, c.SourceMessageId, c.Details.Name, c.Details.Email, c.Details.Phone, time.NowMs());
                var described = ContactStore.Describe(c.Details.Name, c.Details.Email, c.Details.Phone);
                await messages.StoreAsync(connection, tx, conversation, $"contact-form:{c.SourceMessageId}:note",
                    $"Contact left by the shopper: {described}. Follow up when you can.", isInternal: true);
            }
            await tx.CommitAsync(cancellationToken);
            messages.Announce(conversationId);
            return;
        }
        throw new InvalidOperationException($"The contact form of conversation {conversationId} lost {MaxRaces} compare-and-set races in a row.");
    }

    private sealed class FormRow
    {
        public string StateJson { get; set; } = "";

        public long Version { get; set; }
    }

    private sealed record CompletedContact(long SourceMessageId, ContactDetails Details);

    /// <summary>The shopper's unread messages, oldest first, each answering the question the form stands at.</summary>
    private async Task<(TextContactFormState, List<(string Key, string Text)>, CompletedContact?)> ReadAnswersAsync(
        DbConnection connection, Conversation conversation, TextContactFormState state, long upTo)
    {
        var answers = await connection.QueryAsync<(long Id, string Text)>(
            "SELECT id, text FROM messages WHERE conversation_id = @Id AND role = 'shopper' AND id > @after AND id <= @upTo ORDER BY id",
            new { conversation.Id, after = state.LastMessageId, upTo });
        var savedText = bots.For(conversation.BotId).Notices.ContactSaved ?? ContactFormPipeline.DefaultSavedText;
        var replies = new List<(string, string)>();
        CompletedContact? completed = null;
        foreach (var (id, text) in answers)
        {
            if (state.InProgress)
            {
                var turn = TextContactForm.Answer(state, text, reader, savedText);
                replies.AddRange(turn.Replies.Select((reply, i) => ($"contact-form:{id}:{i}", reply)));
                if (turn.Completed is { } details)
                    completed = new CompletedContact(id, details);
                state = turn.State;
            }
            state = state with { LastMessageId = id };
        }
        return (state with { LastMessageId = Math.Max(state.LastMessageId, upTo) }, replies, completed);
    }

    /// <summary>Still the shopper's turn: nothing happened to the conversation since the form began and no human wrote to the shopper.</summary>
    private static async Task<bool> StillAskingAsync(DbConnection connection, Conversation conversation, TextContactFormState state)
    {
        if (conversation.State.Status != ConversationStatus.Open || conversation.State.Controller == Controller.Ai)
            return false;
        var changes = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM conversation_events WHERE conversation_id = @Id AND id > @StartedAfterEventId",
            new { conversation.Id, state.StartedAfterEventId });
        var humanWrote = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM messages WHERE conversation_id = @Id AND role = 'human' AND internal = 0 AND id > @StartedAfterMessageId",
            new { conversation.Id, state.StartedAfterMessageId });
        return changes == 0 && humanWrote == 0;
    }
}

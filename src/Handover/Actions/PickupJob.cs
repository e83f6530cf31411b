using Dapper;
using Handover.Agents;
using Handover.Conversations;
using Handover.Jobs;
using Handover.Persistence;
using Handover.Pipeline;
using Handover.Settings;

namespace Handover.Actions;

/// <summary>
/// P2 / B4, the pickup chain, when the pickup timeout of a handover has passed: if the conversation still waits for an
/// agent, the shopper gets the contact form (a card in web chat, questions in turn on SMS and WhatsApp); if an agent was given it but has not written to the
/// shopper, it goes to the next online agent and the timer starts again, and when nobody else is online the shopper
/// gets the form. A later handover of the same conversation makes this one stale, and a stale run does nothing.
/// </summary>
internal sealed class PickupJob(Database database, ConversationStore conversations, AgentStore agents, ConversationCommands commands,
    SystemMessages messages, TextContactForms textForms, BotConfigCatalog bots, IJobScheduler jobs, TimeProvider time) : IJobHandler
{
    public const string JobKind = "pickup";

    public const string DefaultFormText = "Sorry, all our agents are busy right now. Leave your e-mail or phone number and we will get back to you as soon as we can.";

    public string Kind => JobKind;

    public static JobRequest For(string conversationId, long eventId, int round = 0) => new(JobKind, $"{eventId}{(round == 0 ? "" : $"-r{round}")}", new Dictionary<string, string>
    {
        ["conversationId"] = conversationId,
        ["eventId"] = eventId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["round"] = round.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task<JobOutcome> RunAsync(JobRequest job, CancellationToken cancellationToken)
    {
        var conversationId = job.Get("conversationId");
        var eventId = long.Parse(job.Get("eventId"), System.Globalization.CultureInfo.InvariantCulture);
        var round = int.Parse(job.Get("round"), System.Globalization.CultureInfo.InvariantCulture);
        await using var connection = await database.OpenAsync(cancellationToken);
        var conversation = await conversations.GetAsync(connection, conversationId);
        if (conversation is null || conversation.State.Status != ConversationStatus.Open)
            return JobOutcome.Done;
        var latest = await connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT MAX(id) FROM conversation_events WHERE conversation_id = @conversationId AND verb = 'HandedOver'", new { conversationId });
        if (latest != eventId)
            return JobOutcome.Done; // a later handover has its own timer

        var bot = bots.For(conversation.BotId);
        switch (conversation.State.Controller)
        {
            case Controller.Waiting:
                await SendFormAsync(conversation, eventId, bot, cancellationToken);
                return JobOutcome.Done;
            case Controller.Human:
                var handedOverAt = await connection.QuerySingleAsync<long>("SELECT at FROM conversation_events WHERE id = @eventId", new { eventId });
                var answered = await connection.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM messages WHERE conversation_id = @conversationId AND role = 'human' AND internal = 0 AND created_at >= @handedOverAt",
                    new { conversationId, handedOverAt });
                if (answered > 0)
                    return JobOutcome.Done;
                return await ReassignAsync(conversation, eventId, round, bot, cancellationToken);
            default:
                return JobOutcome.Done; // back with the AI
        }
    }

    private async Task<JobOutcome> ReassignAsync(Conversation conversation, long eventId, int round, BotConfig bot, CancellationToken cancellationToken)
    {
        const int MaxRounds = 3;
        var next = round < MaxRounds
            ? (await agents.ListAsync(cancellationToken)).Where(a => a.Online && !a.IsAdmin && a.Id != conversation.State.AgentId).OrderBy(a => a.Id, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (next is not null)
        {
            var system = new Agent("system", "Handover bot", AgentRole.Admin, Online: true);
            if (await commands.TransferAsync(conversation.Id, system, next.Id, $"Not answered within {bot.PickupTimeout}; reassigned.", cancellationToken) is CommandResult.Done)
            {
                await jobs.ScheduleAsync(For(conversation.Id, eventId, round + 1), time.GetUtcNow() + Durations.Parse(bot.PickupTimeout, TimeSpan.FromSeconds(120)), cancellationToken);
                return JobOutcome.Done;
            }
        }
        await SendFormAsync(conversation, eventId, bot, cancellationToken);
        return JobOutcome.Done;
    }

    /// <summary>The contact form: a card in web chat; on SMS and WhatsApp the first of its questions, asked in turn.</summary>
    private async Task SendFormAsync(Conversation conversation, long eventId, BotConfig bot, CancellationToken cancellationToken)
    {
        var text = bot.Notices.ContactForm ?? DefaultFormText;
        if (TextContactForms.AsksInTurn(conversation.Channel))
            await textForms.StartAsync(conversation, eventId, text, cancellationToken);
        else
            await messages.PostAsync(conversation.Id, $"pickup:{eventId}:form", text, isInternal: false, cancellationToken, ContactCard.Json(text));
    }
}

using System.Text;
using Dapper;
using Handover.Agents;
using Handover.Conversations;
using Handover.Messages;
using Handover.Mirrors;
using Handover.Persistence;
using Handover.Pipeline;

namespace Channels.Twilio;

/// <summary>
/// Agents on their own WhatsApp or SMS number (S3): short commands from an agent's configured phone. Every change goes
/// through <see cref="ConversationCommands"/> (compare-and-set), and "the agent's current conversation" is read from the
/// database each time, so the same agent may also work from the web inbox or Teams and the state stays right (B5).
/// Answers go back through <see cref="AgentTexts"/>, keyed by the inbound MessageSid, and posts carry it as their
/// idempotency key, so a reprocessed webhook neither answers nor posts twice.
/// </summary>
internal sealed class AgentDesk(
    Database database, ConversationStore conversations, MessageStore messages, MirrorStore mirrors, AgentStore agents,
    ConversationCommands commands, ShortCodes codes, AgentTexts texts)
{
    public const string Help = """
        Commands:
        list - conversations waiting and yours
        claim <code> - take a waiting conversation
        switch <code> - choose which of yours plain text goes to
        <text> - reply to the shopper
        note <text> - internal note (agents only)
        transfer <agent> [note] - pass it to another agent
        back - give it back to the AI
        resolve - close it
        help - this list
        """;

    private sealed record Context(Agent Agent, string Address, Mirror Mirror, string InboundSid)
    {
        public int Answers { get; set; }
    }

    public async Task HandleAsync(string agentId, string address, string body, string inboundSid, CancellationToken cancellationToken)
    {
        var agent = await agents.GetAsync(agentId, cancellationToken);
        var mirror = new Mirror(TwilioChannels.AgentMirrorChannel(TwilioChannels.KindOf(address)), address);
        if (agent is null)
        {
            await texts.EnqueueAsync($"answer:{inboundSid}:0", address, $"This number is set up for agent '{agentId}', who does not exist.", cancellationToken);
            return;
        }
        var ctx = new Context(agent, address, mirror, inboundSid);
        var text = body.Trim();
        var space = text.IndexOfAny([' ', '\n']);
        var verb = (space < 0 ? text : text[..space]).TrimStart('/').ToLowerInvariant();
        var argument = space < 0 ? "" : text[(space + 1)..].Trim();

        switch (verb)
        {
            case "help" or "?":
                await AnswerAsync(ctx, Help, cancellationToken);
                break;
            case "list":
                await ListAsync(ctx, cancellationToken);
                break;
            case "claim":
                await ClaimAsync(ctx, argument, cancellationToken);
                break;
            case "switch":
                await SwitchAsync(ctx, argument, cancellationToken);
                break;
            case "note":
                await PostAsync(ctx, argument, isInternal: true, cancellationToken);
                break;
            case "transfer":
                await TransferAsync(ctx, argument, cancellationToken);
                break;
            case "back":
                await OnCurrentAsync(ctx, c => commands.GiveBackAsync(c.Id, agent, cancellationToken), "given back to the AI", stopMirroring: true, cancellationToken);
                break;
            case "resolve":
                await OnCurrentAsync(ctx, c => commands.ResolveAsync(c.Id, agent, cancellationToken), "resolved", stopMirroring: true, cancellationToken);
                break;
            default:
                // Something that looks like a command but is none is never relayed to a shopper.
                if (text.Length == 0 || text[0] is '/' or '!' || space < 0 && text.Length <= 12 && text.All(char.IsLetter) && await CurrentAsync(ctx, cancellationToken) is null)
                    await AnswerAsync(ctx, $"Unknown command '{text}'.\n{Help}", cancellationToken);
                else
                    await PostAsync(ctx, text, isInternal: false, cancellationToken);
                break;
        }
    }

    private async Task ListAsync(Context ctx, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var waiting = await conversations.ListAsync(connection, new ConversationQuery(ConversationView.Waiting, Limit: 20));
        var mine = await conversations.ListAsync(connection, new ConversationQuery(ConversationView.Mine, ctx.Agent.Id, Limit: 20));
        var current = await CurrentAsync(ctx, cancellationToken);
        var answer = new StringBuilder();
        answer.AppendLine(waiting.Count == 0 ? "Nobody is waiting." : "Waiting:");
        foreach (var c in waiting)
            answer.AppendLine($"#{await codes.GetOrCreateAsync(c.Id, cancellationToken)} {Describe(c)}");
        if (mine.Count > 0)
            answer.AppendLine("Yours:");
        foreach (var c in mine)
            answer.AppendLine($"#{await codes.GetOrCreateAsync(c.Id, cancellationToken)} {Describe(c)}{(c.Id == current?.Id ? " (current)" : "")}");
        await AnswerAsync(ctx, answer.ToString().TrimEnd(), cancellationToken);
    }

    private async Task ClaimAsync(Context ctx, string code, CancellationToken cancellationToken)
    {
        if (await FindAsync(ctx, code, cancellationToken) is not { } id)
            return;
        var result = await commands.ClaimAsync(id, ctx.Agent, cancellationToken);
        if (result is not CommandResult.Done { Conversation: var c })
        {
            await AnswerAsync(ctx, Explain(result), cancellationToken);
            return;
        }
        await mirrors.AddAsync(c.Id, ctx.Mirror, cancellationToken);
        await SetFocusAsync(ctx, c.Id, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var recent = (await messages.ListAsync(connection, c.Id, 6)).Where(m => !m.Internal);
        var answer = new StringBuilder($"You have #{await codes.GetOrCreateAsync(c.Id, cancellationToken)} {Describe(c)}.");
        foreach (var m in recent)
            answer.Append('\n').Append(Who(m)).Append(": ").Append(m.Text);
        answer.Append("\nYour text goes to the shopper. 'back', 'resolve', 'note', 'transfer', 'help'.");
        await AnswerAsync(ctx, answer.ToString(), cancellationToken);
    }

    private async Task SwitchAsync(Context ctx, string code, CancellationToken cancellationToken)
    {
        if (await FindAsync(ctx, code, cancellationToken) is not { } id)
            return;
        await using var connection = await database.OpenAsync(cancellationToken);
        var c = await conversations.GetAsync(connection, id);
        if (c is null || c.State is not { Status: ConversationStatus.Open, Controller: Controller.Human } || c.State.AgentId != ctx.Agent.Id)
        {
            await AnswerAsync(ctx, $"#{code.TrimStart('#').ToUpperInvariant()} is not one of your conversations; 'claim' it first.", cancellationToken);
            return;
        }
        await mirrors.AddAsync(c.Id, ctx.Mirror, cancellationToken);
        await SetFocusAsync(ctx, c.Id, cancellationToken);
        await AnswerAsync(ctx, $"Now on #{await codes.GetOrCreateAsync(c.Id, cancellationToken)} {Describe(c)}.", cancellationToken);
    }

    private async Task PostAsync(Context ctx, string text, bool isInternal, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            await AnswerAsync(ctx, "Write the note after 'note'.", cancellationToken);
            return;
        }
        // The text's MessageSid is the post's idempotency key: a webhook processed again (a crash after the post and
        // before the webhook was marked done) posts nothing new, and is not answered "nothing was sent" when the agent's
        // conversation has moved on meanwhile.
        var key = PostKey(ctx.InboundSid);
        if (await WasPostedAsync(ctx.Agent.Id, key, cancellationToken))
            return;
        if (await CurrentOrExplainAsync(ctx, cancellationToken) is not { } c)
            return;
        await mirrors.AddAsync(c.Id, ctx.Mirror, cancellationToken);
        var result = await commands.PostAsync(c.Id, ctx.Agent, text, isInternal, cancellationToken, origin: ctx.Mirror, idempotencyKey: key);
        if (result is not (CommandResult.Done or CommandResult.KeyReused))
            await AnswerAsync(ctx, Explain(result), cancellationToken);
    }

    internal static string PostKey(string inboundSid) => "twilio:" + inboundSid;

    private async Task<bool> WasPostedAsync(string agentId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await messages.FindKeyedPostAsync(connection, agentId, key) is not null;
    }

    private async Task TransferAsync(Context ctx, string argument, CancellationToken cancellationToken)
    {
        var space = argument.IndexOf(' ', StringComparison.Ordinal);
        var target = (space < 0 ? argument : argument[..space]).Trim();
        var note = space < 0 ? null : argument[(space + 1)..].Trim();
        if (target.Length == 0)
        {
            await AnswerAsync(ctx, "Name the agent: transfer <agent> [note].", cancellationToken);
            return;
        }
        await OnCurrentAsync(ctx, c => commands.TransferAsync(c.Id, ctx.Agent, target, note, cancellationToken), $"transferred to {target}", stopMirroring: true, cancellationToken);
    }

    private async Task OnCurrentAsync(Context ctx, Func<Conversation, Task<CommandResult>> command, string done, bool stopMirroring, CancellationToken cancellationToken)
    {
        if (await CurrentOrExplainAsync(ctx, cancellationToken) is not { } c)
            return;
        var result = await command(c);
        if (result is not CommandResult.Done)
        {
            await AnswerAsync(ctx, Explain(result), cancellationToken);
            return;
        }
        if (stopMirroring)
            await mirrors.RemoveAsync(c.Id, ctx.Mirror, cancellationToken);
        await AnswerAsync(ctx, $"#{await codes.GetOrCreateAsync(c.Id, cancellationToken)} {done}.", cancellationToken);
    }

    /// <summary>
    /// The conversation plain text goes to: the one the phone last chose, if the agent still has it; otherwise the
    /// agent's only open conversation (wherever they claimed it). Null when there is none or the choice is ambiguous.
    /// </summary>
    private async Task<Conversation?> CurrentAsync(Context ctx, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var mine = await conversations.ListAsync(connection, new ConversationQuery(ConversationView.Mine, ctx.Agent.Id, Limit: 50));
        var focus = await connection.QuerySingleOrDefaultAsync<string?>("SELECT conversation_id FROM twilio_agent_focus WHERE address = @Address", new { ctx.Address });
        return mine.FirstOrDefault(c => c.Id == focus) ?? (mine.Count == 1 ? mine[0] : null);
    }

    private async Task<Conversation?> CurrentOrExplainAsync(Context ctx, CancellationToken cancellationToken)
    {
        if (await CurrentAsync(ctx, cancellationToken) is { } current)
            return current;
        await using var connection = await database.OpenAsync(cancellationToken);
        var mine = await conversations.ListAsync(connection, new ConversationQuery(ConversationView.Mine, ctx.Agent.Id, Limit: 50));
        var codeList = new List<string>();
        foreach (var c in mine)
            codeList.Add("#" + await codes.GetOrCreateAsync(c.Id, cancellationToken));
        await AnswerAsync(ctx, mine.Count == 0
            ? "You have no conversation. 'list' shows who is waiting; 'claim <code>' takes one. Nothing was sent."
            : $"You have {mine.Count} conversations ({string.Join(", ", codeList)}): 'switch <code>' first. Nothing was sent.", cancellationToken);
        return null;
    }

    private async Task<string?> FindAsync(Context ctx, string code, CancellationToken cancellationToken)
    {
        if (code.Length == 0)
        {
            await AnswerAsync(ctx, "Give the conversation's code, e.g. 'claim K3F'.", cancellationToken);
            return null;
        }
        var id = await codes.FindAsync(code, cancellationToken);
        if (id is null)
            await AnswerAsync(ctx, $"There is no conversation #{code.TrimStart('#').ToUpperInvariant()}. 'list' shows the codes.", cancellationToken);
        return id;
    }

    private async Task SetFocusAsync(Context ctx, string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO twilio_agent_focus (address, conversation_id) VALUES (@Address, @conversationId)
            ON CONFLICT (address) DO UPDATE SET conversation_id = excluded.conversation_id
            """, new { ctx.Address, conversationId });
    }

    private Task AnswerAsync(Context ctx, string text, CancellationToken cancellationToken) =>
        texts.EnqueueAsync($"answer:{ctx.InboundSid}:{ctx.Answers++}", ctx.Address, text, cancellationToken);

    private static string Explain(CommandResult result) => result switch
    {
        CommandResult.Refused r => r.Message,
        CommandResult.Invalid i => i.Message,
        CommandResult.KeyReused k => k.Message,
        CommandResult.NotFound => "That conversation no longer exists.",
        _ => "Done.",
    };

    internal static string Describe(Conversation c) =>
        $"{c.ShopperName ?? TwilioChannels.PhoneOf(c.Address)} ({c.Channel}){(c.HandoverReason is { } r ? $", {r.Trigger}" : "")}";

    internal static string Who(StoredMessage m) => m.Role switch
    {
        MessageRole.Shopper => "Shopper",
        MessageRole.Ai => "AI",
        MessageRole.Human => m.AgentId ?? "Agent",
        _ => "Notice",
    };
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Channels.BotFramework;
using Handover.Agents;
using Handover.Mirrors;
using Handover.Pipeline;

namespace Channels.Teams;

/// <summary>
/// What agents do in a handover card's thread (S2): Claim (the card's button), reply to the shopper (only the agent in
/// charge; others are told), <c>note ...</c> (internal), <c>back</c>, <c>resolve</c>, <c>transfer @someone [note]</c>, <c>help</c>.
/// </summary>
internal sealed class ThreadCommands(
    TeamsStore store,
    AgentDirectory directory,
    ConversationCommands commands,
    CardRenderer renderer,
    NoticeQueue notices)
{
    public const string Help = """
        In a handover thread: Claim (the card's button) · write to answer the shopper (once you have claimed it) · note <text> (agents only) · back (give it back to the AI) · resolve · transfer @someone [note] · help.
        In your personal chat with me: list · claim <code> · help.
        """;

    /// <summary>Action.Execute: the answer replaces the card for the clicker; the event relay updates it for everyone.</summary>
    public async Task<InvokeResponse> ExecuteAsync(Activity invoke, CancellationToken cancellationToken)
    {
        var action = invoke.Value is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("action", out var a) ? a : default;
        var verb = action.ValueKind == JsonValueKind.Object && action.TryGetProperty("verb", out var v) ? v.GetString() : null;
        var conversationId = action.ValueKind == JsonValueKind.Object && action.TryGetProperty("data", out var data) ? ConversationIdIn(data) : null;
        if (verb != HandoverCard.ClaimVerb || conversationId is null)
            return Error(400, "BadRequest", "This card action is not known.");

        var agent = await directory.AgentOfAsync(invoke.From, cancellationToken);
        if (agent is null)
            return Message(AgentDirectory.NotLinked(invoke.From));
        var result = await commands.ClaimAsync(conversationId, agent, cancellationToken);
        var status = result switch
        {
            CommandResult.Done => new CardStatus($"✅ Claimed by {agent.DisplayName}", false),
            CommandResult.Refused refused => await RefusedStatusAsync(refused, cancellationToken),
            _ => null,
        };
        if (status is null || await renderer.RenderAsync(conversationId, status, cancellationToken) is not { } card)
            return Message(Describe(result));
        return new InvokeResponse(200, new { statusCode = 200, type = HandoverCard.ContentType, value = card });
    }

    /// <summary>A message in the agents' channel: a card's Action.Submit, a command, a note, or a reply to the shopper.</summary>
    public async Task HandleMessageAsync(Activity message, CancellationToken cancellationToken)
    {
        var here = new TeamsAddress(message.ServiceUrl!, message.Conversation!.Id!);
        var card = await store.CardOfThreadAsync(message.Conversation.Id!, cancellationToken);
        var agent = await directory.AgentOfAsync(message.From, cancellationToken);
        var text = Mentions.Strip(message.Text);

        var submitted = message.Value is { ValueKind: JsonValueKind.Object } value ? ConversationIdIn(value) : null;
        if (submitted is not null)
        {
            if (agent is null)
            {
                notices.Tell(here, AgentDirectory.NotLinked(message.From));
                return;
            }
            var result = await commands.ClaimAsync(submitted, agent, cancellationToken);
            if (result is not CommandResult.Done)
                notices.Tell(here, await DescribeAsync(result, cancellationToken));
            return;
        }

        var (verb, rest) = Split(text);
        if ((verb == "help" && rest.Length == 0) || verb == "" || card is null)
        {
            notices.Tell(here, card is null && verb is not ("help" or "") ? "This thread is not a handover; I only follow handover threads.\n" + Help : Help);
            return;
        }
        if (agent is null)
        {
            notices.Tell(here, AgentDirectory.NotLinked(message.From));
            return;
        }

        var origin = new Mirror(TeamsAddress.Channel, new TeamsAddress(card.ServiceUrl, card.ThreadId!).ToString());
        var id = card.ConversationId;
        var key = PostKey(message);
        // Bare words are commands; anything longer is an answer ("back in a minute" goes to the shopper).
        var outcome = (verb, rest.Length) switch
        {
            ("note", _) => await commands.PostAsync(id, agent, rest, isInternal: true, cancellationToken, origin, key),
            ("claim", 0) => await commands.ClaimAsync(id, agent, cancellationToken),
            ("back", 0) => await commands.GiveBackAsync(id, agent, cancellationToken),
            ("resolve", 0) => await commands.ResolveAsync(id, agent, cancellationToken),
            ("transfer", _) => await TransferAsync(id, agent, message, rest, cancellationToken),
            _ => await commands.PostAsync(id, agent, text, isInternal: false, cancellationToken, origin, key),
        };
        if (outcome is not CommandResult.Done)
            notices.Tell(here, await DescribeAsync(outcome, cancellationToken));
    }

    private async Task<CommandResult> TransferAsync(string conversationId, Agent agent, Activity message, string rest, CancellationToken cancellationToken)
    {
        string? target = null;
        var note = rest;
        if (Mentions.People(message).FirstOrDefault() is { } mentioned)
            target = (await directory.AgentOfAsync(mentioned, cancellationToken))?.Id;
        else if (rest.Length > 0)
        {
            // "transfer bob [note]": an agent id instead of a mention.
            var (first, after) = Split(rest);
            target = first;
            note = after;
        }
        if (target is null)
            return new CommandResult.Invalid("Say whom to: transfer @someone [note] (someone linked to an agent).");
        return await commands.TransferAsync(conversationId, agent, target, string.IsNullOrWhiteSpace(note) ? null : note, cancellationToken);
    }

    private async Task<CardStatus> RefusedStatusAsync(CommandResult.Refused refused, CancellationToken cancellationToken)
    {
        var current = await renderer.StatusOfAsync(refused.Current, cancellationToken);
        return current with { Text = $"{current.Text} · {await DescribeAsync(refused, cancellationToken)}" };
    }

    /// <summary>A refusal in agents' words, with display names rather than agent ids.</summary>
    public async Task<string> DescribeAsync(CommandResult result, CancellationToken cancellationToken) => result switch
    {
        CommandResult.Refused { Code: "already_claimed", Current.AgentId: { } winner } => $"{await renderer.NameOfAsync(winner, cancellationToken)} claimed it first.",
        CommandResult.Refused { Code: "not_in_charge", Current.AgentId: { } owner } =>
            $"Only {await renderer.NameOfAsync(owner, cancellationToken)} can answer the shopper here; write 'note ...' for an internal note.",
        _ => Describe(result),
    };

    private static string Describe(CommandResult result) => result switch
    {
        CommandResult.Done => "Done.",
        CommandResult.NotFound n => $"There is no conversation '{n.ConversationId}'.",
        CommandResult.Refused r => r.Message,
        CommandResult.Invalid i => i.Message,
        CommandResult.KeyReused k => k.Message,
        _ => "That did not work.",
    };

    /// <summary>
    /// The activity (its id within its thread) is the post's idempotency key, so the Connector delivering it again
    /// after a timeout posts nothing new. Hashed: thread ids are long, and the key's length is bounded.
    /// </summary>
    internal static string? PostKey(Activity message) =>
        message.Id is { Length: > 0 } activityId && message.Conversation?.Id is { } thread
            ? "teams:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{thread}\n{activityId}")))
            : null;

    internal static (string Verb, string Remainder) Split(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text.ToLowerInvariant(), "") : (text[..space].ToLowerInvariant(), text[(space + 1)..].Trim());
    }

    private static string? ConversationIdIn(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String && a.GetString() == HandoverCard.ClaimVerb
        && data.TryGetProperty("conversationId", out var c) && c.ValueKind == JsonValueKind.String
            ? c.GetString()
            : null;

    private static InvokeResponse Message(string text) =>
        new(200, new { statusCode = 200, type = "application/vnd.microsoft.activity.message", value = text });

    private static InvokeResponse Error(int status, string code, string message) =>
        new(200, new { statusCode = status, type = "application/vnd.microsoft.error", value = new { code, message } });
}

using Channels.BotFramework;
using Handover.Conversations;
using Handover.Persistence;
using Handover.Pipeline;

namespace Channels.Teams;

/// <summary>An agent's personal chat with the bot: <c>list</c> (waiting and mine), <c>claim &lt;code&gt;</c>, <c>help</c>. Notifications arrive here too.</summary>
internal sealed class PersonalCommands(
    AgentDirectory directory,
    ConversationCommands commands,
    ThreadCommands threads,
    Database database,
    ConversationStore conversations,
    NoticeQueue notices)
{
    public async Task HandleAsync(Activity message, CancellationToken cancellationToken)
    {
        var here = new TeamsAddress(message.ServiceUrl!, message.Conversation!.Id!);
        var agent = await directory.AgentOfAsync(message.From, cancellationToken);
        if (agent is null)
        {
            notices.Tell(here, AgentDirectory.NotLinked(message.From));
            return;
        }
        var (verb, rest) = ThreadCommands.Split(Mentions.Strip(message.Text));
        switch (verb)
        {
            case "list":
                notices.Tell(here, await ListAsync(agent.Id, cancellationToken));
                break;
            case "claim" when rest.Length > 0:
                var id = await FindAsync(rest, cancellationToken);
                if (id is null)
                {
                    notices.Tell(here, $"No open conversation has the code '{rest}'. Say 'list' to see them.");
                    break;
                }
                var result = await commands.ClaimAsync(id, agent, cancellationToken);
                // Success is confirmed by the assignment notification the claim itself triggers.
                if (result is not CommandResult.Done)
                    notices.Tell(here, await threads.DescribeAsync(result, cancellationToken));
                break;
            default:
                notices.Tell(here, ThreadCommands.Help);
                break;
        }
    }

    private async Task<string> ListAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var waiting = await conversations.ListAsync(connection, new ConversationQuery(ConversationView.Waiting, Limit: 20));
        var mine = await conversations.ListAsync(connection, new ConversationQuery(ConversationView.Mine, AgentId: agentId, Limit: 20));
        static string Line(Conversation c) =>
            $"{HandoverCard.ShortCode(c.Id)} · {c.ShopperName ?? "a shopper"} on {c.Channel}" + (c.HandoverReason is { } r ? $" · {r.Trigger}{(r.Evidence is { } e ? $": “{e}”" : "")}" : "");
        var waitingText = waiting.Count == 0 ? "Nobody is waiting." : "Waiting:\n" + string.Join("\n", waiting.Select(Line));
        var mineText = mine.Count == 0 ? "You handle no conversation." : "Yours:\n" + string.Join("\n", mine.Select(Line));
        return $"{waitingText}\n\n{mineText}\n\nSay 'claim <code>' to take one.";
    }

    /// <summary>A conversation id, or a unique prefix of an open one (the short code on cards and in lists).</summary>
    private async Task<string?> FindAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await conversations.GetAsync(connection, code) is { } exact)
            return exact.Id;
        if (code.Length < 4)
            return null;
        var open = await conversations.ListAsync(connection, new ConversationQuery(ConversationView.Open, Limit: 1000));
        var matches = open.Where(c => c.Id.StartsWith(code, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return matches.Count == 1 ? matches[0].Id : null;
    }
}

using System.Threading.Channels;
using Channels.BotFramework;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Channels.Teams;

/// <summary>
/// Short answers to agents in Teams (help, refusals, lists). A request only queues them, so it never waits for Teams;
/// they are feedback for whoever is typing, not part of any conversation, so they are kept in memory, not in the
/// outbox: a crash loses at most a hint the agent can ask for again.
/// </summary>
internal sealed class NoticeQueue(TeamsPoster poster, ILogger<NoticeQueue> logger) : BackgroundService
{
    private readonly Channel<(TeamsAddress To, string Text)> _queue = Channel.CreateBounded<(TeamsAddress, string)>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Tell(TeamsAddress to, string text) => _queue.Writer.TryWrite((to, text));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (to, text) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var response = await poster.SendAsync(to, new Activity { Type = ActivityTypes.Message, Text = text, TextFormat = "plain" }, stoppingToken);
                if (!response.Ok)
                    logger.LogWarning("A notice to Teams conversation {Conversation} was not delivered: {Error}", to.ConversationId, response.Error);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "A notice to Teams conversation {Conversation} failed", to.ConversationId);
            }
        }
    }
}

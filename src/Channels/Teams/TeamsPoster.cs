using Channels.BotFramework;
using Microsoft.Extensions.Logging;

namespace Channels.Teams;

/// <summary>
/// Posts to Teams from background work (the event relay, agent notices): paced per thread and retried on throttling
/// and gateway errors with jittered exponential backoff (or the Connector's Retry-After). Requests never call it.
/// </summary>
internal sealed class TeamsPoster(ConnectorClient connector, ThreadPacer pacer, TimeProvider time, ILogger<TeamsPoster> logger)
{
    internal const int MaxAttempts = 4;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxPacingWait = TimeSpan.FromSeconds(30);

    public Task<ConnectorResponse> SendAsync(TeamsAddress to, Activity activity, CancellationToken cancellationToken) =>
        WithRetriesAsync(to.PacingKey, ct => connector.SendAsync(to.ServiceUrl, to.ConversationId, activity, ct), cancellationToken);

    public Task<ConnectorResponse> UpdateAsync(TeamsAddress at, string activityId, Activity activity, CancellationToken cancellationToken) =>
        WithRetriesAsync(at.PacingKey, ct => connector.UpdateAsync(at.ServiceUrl, at.ConversationId, activityId, activity, ct), cancellationToken);

    public Task<ConnectorResponse> CreateConversationAsync(string serviceUrl, string channelId, object parameters, CancellationToken cancellationToken) =>
        WithRetriesAsync(channelId, ct => connector.CreateConversationAsync(serviceUrl, parameters, ct), cancellationToken);

    private async Task<ConnectorResponse> WithRetriesAsync(string thread, Func<CancellationToken, Task<ConnectorResponse>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await pacer.ReserveAsync(thread, MaxPacingWait, cancellationToken);
            var response = await call(cancellationToken);
            if (response.Ok || !response.Transient || attempt == MaxAttempts)
                return response;
            var delay = response.RetryAfter ?? Backoff(attempt);
            logger.LogInformation("Teams answered {Status} on {Thread}; retrying in {Delay}", (int)response.Status, thread, delay);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    /// <summary>Exponential with full jitter: [0.5, 1.5) x 500 ms x 2^(attempt-1).</summary>
    internal static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(FirstDelay.TotalMilliseconds * Math.Pow(2, attempt - 1) * (0.5 + Random.Shared.NextDouble()));
}

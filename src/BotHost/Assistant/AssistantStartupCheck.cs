using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BotHost.Assistant;

/// <summary>
/// Builds the answer engine while the host starts, not on the first shopper message, so a missing or broken
/// knowledge base stops startup instead of failing conversations later.
/// </summary>
internal sealed class AssistantStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<EmbeddedAnswerEngine>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

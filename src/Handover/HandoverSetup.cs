using Handover.Agents;
using Handover.Bots;
using Handover.Conversations;
using Handover.Events;
using Handover.Messages;
using Handover.Mirrors;
using Handover.Outbox;
using Handover.Persistence;
using Handover.Pipeline;
using Handover.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Handover;

public static class HandoverSetup
{
    /// <summary>
    /// The core: database (from <paramref name="connectionString"/>), stores, pipeline, commands and the outbox worker.
    /// Channels add their <see cref="IChannelSender"/>s; the host adds an <see cref="Assistant.IAnswerEngine"/>.
    /// </summary>
    public static IServiceCollection AddHandoverCore(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => Database.FromConnectionString(connectionString));
        services.AddSingleton(new MigrationSource("core", typeof(Database).Assembly, "Handover.Persistence.Migrations."));
        services.AddSingleton<Migrator>();

        services.AddSingleton<ConversationStore>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<AgentStore>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<MirrorStore>();
        services.AddSingleton<MessageDelivery>();
        services.AddSingleton<ConversationLocks>();
        services.AddSingleton<Pipeline.WarmTurns>();
        services.AddSingleton<ConversationFeed>();

        services.AddSingleton<IInboundPipeline, InboundPipeline>();
        services.AddSingleton<ConversationCommands>();
        services.TryAddSingleton<ITriggerDetector, ContactRequestDetector>();
        services.TryAddSingleton<Assistant.IAssistantTurn, Assistant.PlainAssistantTurn>();

        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>();
        services.AddOptions<BotsOptions>().Configure(o => configuration.GetSection(BotsOptions.Section).Bind(o.Bots));
        services.AddHostedService<OutboxWorker>();
        services.AddSingleton<AfterCommitDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<AfterCommitDelivery>());
        services.AddHostedService<EventRelay>();
        return services;
    }
}

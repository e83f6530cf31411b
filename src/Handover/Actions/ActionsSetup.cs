using Handover.Agents;
using Handover.Events;
using Handover.Jobs;
using Handover.Persistence;
using Handover.Pipeline;
using Handover.Settings;
using Handover.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Handover.Actions;

public static class ActionsSetup
{
    /// <summary>
    /// Bot settings files, the handover actions run on each handover, the pickup chain and the contact form. Needs the core
    /// (<see cref="HandoverSetup.AddHandoverCore"/>), an <see cref="IJobScheduler"/> (<see cref="JobsSetup.AddDurableJobs"/>) and
    /// the host's <see cref="IContactDetailsReader"/> (the recognizers read the contact form's answers).
    /// </summary>
    public static IServiceCollection AddHandoverActions(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null)
    {
        services.AddSingleton(new MigrationSource("actions", typeof(ActionsSetup).Assembly, "Handover.Actions.Migrations."));
        services.AddOptions<BotFilesOptions>().Bind(configuration.GetSection(BotFilesOptions.Section)).PostConfigure(o =>
        {
            if (contentRoot is not null && !Path.IsPathRooted(o.ConfigDirectory))
                o.ConfigDirectory = Path.Combine(contentRoot, o.ConfigDirectory);
        });
        services.AddOptions<IntegrationsOptions>().Bind(configuration.GetSection(IntegrationsOptions.Section));
        // A misspelt or renamed key (Workspace:HandoverEnabled is now PlanIncludesHandover) must stop the start: ignored,
        // it would silently leave the plan's limit open.
        services.AddOptions<WorkspaceOptions>().Bind(configuration.GetSection(WorkspaceOptions.Section), binder => binder.ErrorOnUnknownConfiguration = true).ValidateOnStart();
        services.AddSingleton<BotConfigCatalog>();
        services.AddSingleton<HandoverAbility>();
        services.AddSingleton<BotSettingsFromFiles>();
        services.AddSingleton<IPostConfigureOptions<Bots.BotsOptions>>(sp => sp.GetRequiredService<BotSettingsFromFiles>());
        services.AddSingleton<IOptionsChangeTokenSource<Bots.BotsOptions>>(sp => sp.GetRequiredService<BotSettingsFromFiles>());
        services.AddHostedService<BotConfigLoader>();

        services.AddSingleton<ActionStore>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<TextContactForms>();
        services.AddSingleton<SystemMessages>();
        services.AddSingleton<Transcript>();
        services.AddSingleton<Helpdesks>();
        services.AddSingleton<MailDelivery>();
        services.AddSingleton<ActionFailures>();
        services.AddSingleton<IJobFailureSink>(sp => sp.GetRequiredService<ActionFailures>());
        services.AddSingleton<ActionRunner>();
        services.AddSingleton<HandoverActionRegistry>();

        // The handover actions, action type -> handler (A1-A7). One list, in the order the product documents them.
        services.AddSingleton<IHandoverAction, AssignAction>();         // assign: named agent or auto-assign (A1)
        services.AddSingleton<IHandoverAction, CreateTaskAction>();     // createTask (A2)
        services.AddSingleton<IHandoverAction, ClosingMessageAction>(); // closingMessage (A3)
        services.AddSingleton<IHandoverAction, PauseAction>();          // pause (A4)
        services.AddSingleton<IHandoverAction, TagsAction>();           // tags (A5)
        services.AddSingleton<IHandoverAction, EmailAction>();          // email (A6)
        services.AddSingleton<IHandoverAction, TicketAction>();         // ticket: Gorgias, Zendesk, Intercom (A7)

        // Durable jobs, kind -> handler.
        services.AddSingleton<IJobHandler, ActionJob>();                // later attempts of an action (A8)
        services.AddSingleton<IJobHandler, PickupJob>();                // pickup timeout: reassign or contact form (P2)
        services.AddSingleton<IJobHandler, TaskReminderJob>();          // task due (A2)
        services.AddSingleton<IJobHandler, ResumeBotJob>();             // pause over (A4)

        services.AddSingleton<IConversationEventHandler, HandoverActionsHandler>();
        services.AddSingleton<IConversationEventHandler, EscalationEmail>();
        services.AddSingleton<IAiGate, SettingsAiGate>();
        Decorate<ITriggerDetector>(services, (sp, inner) => new ScenarioTriggers(
            inner, sp.GetRequiredService<BotConfigCatalog>(), sp.GetRequiredService<HandoverAbility>(), sp.GetService<IScenarioMatcher>()));
        Decorate<IInboundPipeline>(services, (sp, inner) => ActivatorUtilities.CreateInstance<ContactFormPipeline>(sp, inner));
        return services;
    }

    /// <summary>Wraps the registered <typeparamref name="T"/> (singleton) in <paramref name="wrap"/>.</summary>
    private static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> wrap) where T : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"Register {typeof(T).Name} (AddHandoverCore) before AddHandoverActions.");
        services.Remove(registered);
        services.AddSingleton<T>(sp => wrap(sp, (T)Inner(sp, registered)));
    }

    private static object Inner(IServiceProvider sp, ServiceDescriptor d) =>
        d.ImplementationInstance ?? d.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!);

    /// <summary>Loads the bot files once the database is ready (agents are checked against it); invalid files stop the start.</summary>
    private sealed class BotConfigLoader(BotConfigCatalog catalog, AgentStore agents) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            catalog.StartAsync(async ct => (await agents.ListAsync(ct)).Select(a => a.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

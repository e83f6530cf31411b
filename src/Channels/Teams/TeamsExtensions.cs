using Channels.BotFramework;
using Handover.Events;
using Handover.Outbox;
using Handover.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Channels.Teams;

/// <summary>
/// Agents in Microsoft Teams over the Bot Framework protocol: <c>POST /api/messages</c>, the Connector client, the
/// "teams" outbox sender, handover cards in the agents' channel and the optional handoff hub.
/// </summary>
public static class TeamsExtensions
{
    public static IHostApplicationBuilder AddTeams(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BotFrameworkOptions>().BindConfiguration(BotFrameworkOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>();
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(new MigrationSource("teams", typeof(TeamsStore).Assembly, "Channels.Teams.Migrations."));
        services.AddHttpClient(nameof(OpenIdKeyCache));
        services.AddHttpClient(nameof(BotTokenClient));
        services.AddHttpClient(nameof(ConnectorClient), http => http.Timeout = TimeSpan.FromSeconds(15));
        // One instance each: the key cache, the token cache and the pacer hold state every caller must share.
        services.AddSingleton(p => ActivatorUtilities.CreateInstance<OpenIdKeyCache>(p, HttpClientFor<OpenIdKeyCache>(p)));
        services.AddSingleton(p => ActivatorUtilities.CreateInstance<BotTokenClient>(p, HttpClientFor<BotTokenClient>(p)));
        services.AddSingleton(p => ActivatorUtilities.CreateInstance<ConnectorClient>(p, HttpClientFor<ConnectorClient>(p)));
        services.AddSingleton<BotAuthenticator>();
        services.AddSingleton<ThreadPacer>();

        services.AddSingleton<TeamsStore>();
        services.AddSingleton<IServiceUrlTrust>(p => p.GetRequiredService<TeamsStore>());
        services.AddSingleton<TeamsPoster>();
        services.AddSingleton<NoticeQueue>();
        services.AddHostedService(p => p.GetRequiredService<NoticeQueue>());
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<CardRenderer>();
        services.AddSingleton<ThreadCommands>();
        services.AddSingleton<PersonalCommands>();
        services.AddSingleton<TeamsActivityHandler>();
        services.AddSingleton<IChannelSender, TeamsSender>();

        // Side effects of transitions, in one visible list.
        services.AddSingleton<IConversationEventHandler, TeamsEventHandler>();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{BotFrameworkOptions.Section}:{nameof(BotFrameworkOptions.HandoffHubUrl)}"]))
            services.AddSingleton<IConversationEventHandler, HandoffHubHandler>();
        return builder;
    }

    private static HttpClient HttpClientFor<T>(IServiceProvider provider) =>
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(typeof(T).Name);

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.AuthenticationEnabled)
        {
            endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Channels.Teams")
                .LogWarning("BotFramework:AppId is not set: /api/messages accepts UNAUTHENTICATED activities. Use this only for local development.");
        }
        endpoints.MapMessagesEndpoint();
        return endpoints;
    }
}
